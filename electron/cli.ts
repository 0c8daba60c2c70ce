/**
 * The `hashiya` command line: import, export, validate, agreement, sync, serve. `bin/hashiya.js` calls
 * {@link main} with the arguments after the program name and exits with what it returns.
 */
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { FileProblem } from '../shared/model.js';
import { FORMAT_NAMES, parseFormatName, type FormatName, type OffsetUnit } from '../shared/formats/index.js';
import { agreementTable } from '../shared/agreement/index.js';
import { agreementJson, corpusAgreement, writeDisagreementCsv } from './corpus-agreement.js';
import { exportCorpus, type ExportSource } from './corpus-export.js';
import { IMPORT_FORMATS, importPaths, type ImportFormat, type ImportedEntry } from './corpus-import.js';
import { CorpusError, CorpusStore } from './corpus-store.js';
import { exportBundle } from './export-bundle.js';
import { SyncError, cloneCorpus, linkRemote, syncCorpus } from './git-sync.js';
import { describeSyncReport } from '../shared/sync/sync-report.js';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { startHttpHost } from './http-host.js';

/** Where the CLI writes; the process's streams unless a caller (a test) gives its own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Paths under this folder are printed relative to it. Default: the process's cwd. */
  readonly cwd?: string;
  /** The clock for export dates. Default: `SOURCE_DATE_EPOCH` when set, else now. */
  readonly now?: () => Date;
  /** Shows export progress (documents done of all); nothing when absent. */
  readonly progress?: (done: number, total: number) => void;
}

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  progress: (done, total) => {
    if (!process.stderr.isTTY) return;
    process.stderr.write(done < total ? `\r${done}/${total} documents` : `\r${' '.repeat(String(total).length * 2 + 11)}\r`);
  },
};

/** Exit codes: success, failure (problems found, files not imported), bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: hashiya <command> [options]

Commands:
  import --corpus DIR [--annotator NAME] [--format F] [--offsets U] [--replace] PATH...
      Import texts and annotations; each text is canonicalised (BOM, CRLF, NFC, windows-1256)
      and every offset mapped through that. Creates the corpus when DIR does not exist.
      Formats (-f, default: by extension; folders are searched recursively):
        text    .txt files
        brat    x.txt with x.ann beside it (a .txt alone is a text); the annotation.conf of
                the folder adds its labels, attributes and relation types to the schema
        w3c     .jsonld W3C Web Annotation, on documents already in the corpus
        jsonl   .jsonl doccano-style, one document per line: {"text": ..., "label": [...]}
      Annotations go into NAME's layer. A document with any problem is not imported at all
      (each problem printed as file:line: message). A layer that already holds annotations is
      not overwritten unless --replace is given.
  export --corpus DIR --format F[,F...] (--annotator NAME | --gold) (--out DIR | --bundle FILE.zip)
         [--documents ID,ID...] [--offsets U]
      Write NAME's layer (or the gold layer) of every document, or of the ones listed, in
      each format: ${FORMAT_NAMES.join(', ')}. With several formats, or with --bundle, each
      format goes into its own folder. --bundle writes one zip with DATASHEET.md (documents,
      labels and counts, annotators, agreement, offset units, version, date) and schema.json.
      What a format cannot express is printed as a warning; nothing is dropped silently.
  validate --corpus DIR
      Check every file of the corpus (texts, offsets, and stored values against the schema:
      attribute values, references, relations, reference cycles); print each problem as
      file:line: message. Temporary files of interrupted saves are removed first once they
      are a minute old; a younger one (maybe a save in progress) is only a warning. The
      .hashiya folder (this machine's previous versions and locks) is not checked.
  agreement --corpus DIR [--annotators NAME,NAME...] [--documents ID,ID...] [--json]
            [--disagreements FILE.csv]
      Inter-annotator agreement, per label and overall, per document and for the corpus:
      Cohen's κ for each pair, Fleiss' κ and Krippendorff's α (nominal) over tokens,
      Krippendorff's αu over characters, and span precision, recall and F1 by exact and by
      overlap match (the first annotator of a pair is the reference). Default: every
      annotator, every document. A document an annotator has not started is missing data, not
      "O". A document whose text changed, or with a layer made on another text, is not
      compared (each named as file:line: message). --json prints the figures as JSON
      (cohen_kappa, fleiss_kappa, krippendorff_alpha, alpha_u, f1_exact, f1_overlap, ...;
      null where a figure is not defined). --disagreements writes the table of stretches the
      layers label differently as CSV (UTF-8 with BOM). Nothing in the corpus is written.
  sync --corpus DIR [--annotator NAME] [--remote URL]
      Share the corpus with the team through git (the git program must be installed):
      commit this computer's changes (the message names them), fetch the team's, merge, and
      send the result. A layer or gold file changed on two computers is merged span by span;
      any other file changed on both sides keeps this computer's version, and the other one
      is saved under .hashiya/conflicts/. Without a connection the commit stays here and is
      sent at the next sync. --remote URL first links the corpus to the team's repository
      (a bare repository on a shared drive, or an http(s):// or ssh:// git server); when DIR
      does not exist, --remote URL clones the corpus into it. NAME signs the commit
      (default: your login name).
  serve [--corpus DIR] [--port N] [--annotator NAME] [--host 127.0.0.1]
      Serve Hashiya to a browser on this machine and print the address to open.

Options:
  --offsets U   codepoint (default) or utf16: the offset unit of JSONL files, read or written.
                Every other format has its own fixed unit (brat and W3C: code points).
  -h, --help    Show this help.

Environment:
  SOURCE_DATE_EPOCH   seconds since 1970: the export date written into exports and bundles
                      (for reproducible output); now when unset.

Exit status: 0 on success, 1 when problems were found or files were not imported or exported
(sync: 0 when synced, or committed here while the remote cannot be reached; 1 when the sync
failed), 2 on bad usage.
`;

class UsageError extends Error {}

/**
 * Runs the command in `argv` (the arguments after the program name) and resolves to the exit
 * code. Never throws for a user error: problems are printed as `hashiya: <file>:<line>: <message>`
 * on stderr; only an internal error prints a stack trace.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const shown = (file: string): string => {
    const relative = path.relative(cwd, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  };
  const problemLine = (p: FileProblem): string =>
    p.file === '' ? p.message : `${shown(p.file)}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`;
  const printError = (p: FileProblem): void => io.stderr(`hashiya: ${problemLine(p)}\n`);
  const printWarning = (p: FileProblem): void => io.stderr(`hashiya: warning: ${problemLine(p)}\n`);

  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr(USAGE);
        return EXIT_USAGE;
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return EXIT_OK;
      case 'import':
        return await runImport(rest);
      case 'export':
        return await runExport(rest);
      case 'validate':
        return await runValidate(rest);
      case 'agreement':
        return await runAgreement(rest);
      case 'sync':
        return await runSync(rest);
      case 'serve':
        return await runServe(rest);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`hashiya: ${(error as Error).message}\nRun "hashiya --help" for usage.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CorpusError) {
      error.problems.forEach(printError);
      return EXIT_FAILURE;
    }
    if (error instanceof SyncError) {
      io.stderr(`hashiya: ${error.message}\n`);
      if (error.committed !== null) io.stderr(`hashiya: committed on this computer (sent at the next sync): ${error.committed.message}\n`);
      return EXIT_FAILURE;
    }
    const errno = error as NodeJS.ErrnoException;
    if (errno && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
      io.stderr(`hashiya: ${errno.path ? `${shown(errno.path)}: ` : ''}${errno.message}\n`);
      return EXIT_FAILURE;
    }
    io.stderr(`hashiya: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }

  async function runImport(args: readonly string[]): Promise<number> {
    const { values, positionals } = parse(
      args,
      { corpus: { type: 'string' }, annotator: { type: 'string' }, format: { type: 'string', short: 'f' }, offsets: { type: 'string' }, replace: { type: 'boolean' } },
      true,
    );
    if (values.help) return help();
    const corpus = required(values.corpus, '--corpus');
    if (positionals.length === 0) throw new UsageError('import needs at least one PATH to import');
    const format = values.format === undefined ? undefined : importFormat(values.format);
    const offsets = offsetUnit(values.offsets);
    const store = await CorpusStore.open(corpus, { create: true });
    const report = await importPaths(store, positionals, {
      ...(values.annotator === undefined ? {} : { annotator: values.annotator }),
      ...(format === undefined ? {} : { format }),
      ...(offsets === undefined ? {} : { offsets }),
      replace: values.replace === true,
    });
    for (const addition of report.schemaAdditions) io.stdout(`added to the schema: ${shownAddition(addition)}\n`);
    for (const doc of report.imported) {
      io.stdout(`${importLine(doc, values.annotator ?? '')}\n`);
      doc.warnings.forEach(printWarning);
    }
    for (const skip of report.skipped) io.stdout(`skipped ${shown(skip.file)}: ${skip.message}\n`);
    report.failed.forEach(printError);
    io.stdout(`${report.imported.length} imported, ${report.skipped.length} skipped, ${new Set(report.failed.map((f) => f.file)).size} failed (corpus ${shown(store.root)})\n`);
    return report.failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
  }

  /** "(from /abs/annotation.conf)" at the end of a schema addition, shown relative. */
  function shownAddition(addition: string): string {
    return addition.replace(/\(from (.*)\)$/, (_m, file: string) => `(from ${shown(file)})`);
  }

  function importLine(doc: ImportedEntry, annotator: string): string {
    const what = doc.textImported ? 'imported' : 'added a layer to';
    if (doc.annotationFile === undefined) return `${what} ${shown(doc.file)} as ${doc.document}`;
    const counts = `${plural(doc.spans, 'span')}${doc.relations > 0 ? ` and ${plural(doc.relations, 'relation')}` : ''}`;
    const from = doc.annotationFile === doc.file ? '' : ` from ${shown(doc.annotationFile)}`;
    if (doc.replaced !== undefined) {
      return `replaced ${annotator}'s layer of ${doc.document} (it had ${plural(doc.replaced.spans, 'span')} and ${plural(doc.replaced.relations, 'relation')}) with ${counts}${from === '' ? ` from ${shown(doc.file)}` : from}`;
    }
    return `${what} ${shown(doc.file)} as ${doc.document}, ${counts}${from} into ${annotator}'s layer`;
  }

  async function runExport(args: readonly string[]): Promise<number> {
    const { values } = parse(args, {
      corpus: { type: 'string' },
      format: { type: 'string', short: 'f' },
      annotator: { type: 'string' },
      gold: { type: 'boolean' },
      documents: { type: 'string' },
      offsets: { type: 'string' },
      out: { type: 'string' },
      bundle: { type: 'string' },
    });
    if (values.help) return help();
    const corpus = required(values.corpus, '--corpus');
    const formats = exportFormats(required(values.format, '--format'));
    if (values.annotator !== undefined && values.gold) throw new UsageError('give either --annotator NAME or --gold, not both');
    if (values.annotator === undefined && !values.gold) throw new UsageError('--annotator NAME or --gold is required: whose layer to export');
    const source: ExportSource = values.gold ? { gold: true } : { annotator: required(values.annotator, '--annotator') };
    if (values.out !== undefined && values.bundle !== undefined) throw new UsageError('give either --out DIR or --bundle FILE.zip, not both');
    if (values.out === undefined && values.bundle === undefined) throw new UsageError('--out DIR or --bundle FILE.zip is required: where to export to');
    if (values.bundle !== undefined && !/\.zip$/i.test(values.bundle)) throw new UsageError(`--bundle must name a .zip file, not "${values.bundle}"`);
    const documents = values.documents === undefined ? undefined : documentList(values.documents);
    const offsets = offsetUnit(values.offsets) ?? 'codepoint';
    const store = await CorpusStore.open(corpus);
    const common = {
      formats,
      source,
      offsets,
      exportedAt: exportDate().toISOString(),
      ...(documents === undefined ? {} : { documents }),
      ...(io.progress === undefined ? {} : { onProgress: io.progress }),
    };
    // A loss names its document's layer file; one about the collection as a whole (document '') the corpus.
    const layerFile = (id: string): string => (id === '' ? store.root : 'gold' in source ? store.goldPath(id) : store.layerPath(id, source.annotator));
    const whose = 'gold' in source ? 'the gold layer' : `${source.annotator}'s layer`;
    if (values.bundle !== undefined) {
      const report = await exportBundle(store, { ...common, bundle: values.bundle });
      for (const loss of report.losses) printWarning({ file: layerFile(loss.document), message: loss.message });
      report.failed.forEach(printError);
      const spans = report.documents.reduce((n, d) => n + d.spans, 0);
      const relations = report.documents.reduce((n, d) => n + d.relations, 0);
      io.stdout(
        `wrote ${shown(report.bundle)}: ${plural(report.documents.length, 'document')}, ${plural(spans, 'span')} and ${plural(relations, 'relation')} of ${whose} as ${formats.join(', ')}, with DATASHEET.md and schema.json (${plural(report.files, 'file')})\n`,
      );
      return report.failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
    }
    const report = await exportCorpus(store, { ...common, outDir: required(values.out, '--out') });
    for (const loss of report.losses) printWarning({ file: layerFile(loss.document), message: loss.message });
    report.failed.forEach(printError);
    const spans = report.documents.reduce((n, d) => n + d.spans, 0);
    const relations = report.documents.reduce((n, d) => n + d.relations, 0);
    io.stdout(
      `exported ${plural(report.documents.length, 'document')}, ${plural(spans, 'span')} and ${plural(relations, 'relation')} of ${whose} as ${formats.join(', ')} to ${shown(report.outDir)} (${plural(report.files, 'file')})\n`,
    );
    return report.failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
  }

  /** The export date: `io.now`, else `SOURCE_DATE_EPOCH` (seconds), else now. */
  function exportDate(): Date {
    if (io.now) return io.now();
    const epoch = process.env.SOURCE_DATE_EPOCH;
    if (epoch !== undefined && epoch !== '') {
      if (!/^\d{1,12}$/.test(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be a number of seconds, not "${epoch}"`);
      return new Date(Number(epoch) * 1000);
    }
    return new Date();
  }

  async function runValidate(args: readonly string[]): Promise<number> {
    const { values } = parse(args, { corpus: { type: 'string' } });
    if (values.help) return help();
    const store = await CorpusStore.open(required(values.corpus, '--corpus'));
    for (const file of store.removedTempFiles) io.stderr(`hashiya: removed ${shown(file)}: a temporary file left by an interrupted save\n`);
    const found = await store.validate();
    found.filter((p) => p.severity === 'warning').forEach(printWarning);
    const problems = found.filter((p) => p.severity !== 'warning');
    for (const p of problems) io.stdout(`${problemLine(p)}\n`);
    if (problems.length > 0) {
      io.stderr(`hashiya: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${shown(store.root)}\n`);
      return EXIT_FAILURE;
    }
    io.stdout(`${shown(store.root)}: no problems (${(await store.listDocumentIds()).length} documents)\n`);
    return EXIT_OK;
  }

  async function runAgreement(args: readonly string[]): Promise<number> {
    const { values } = parse(args, {
      corpus: { type: 'string' },
      annotators: { type: 'string' },
      documents: { type: 'string' },
      json: { type: 'boolean' },
      disagreements: { type: 'string' },
    });
    if (values.help) return help();
    const corpus = required(values.corpus, '--corpus');
    const annotators = values.annotators === undefined ? undefined : annotatorList(values.annotators);
    const documents = values.documents === undefined ? undefined : documentList(values.documents);
    if (values.disagreements !== undefined && !/\.csv$/i.test(values.disagreements)) {
      throw new UsageError(`--disagreements must name a .csv file, not "${values.disagreements}"`);
    }
    const store = await CorpusStore.open(corpus);
    const result = await corpusAgreement(store, { ...(annotators === undefined ? {} : { annotators }), ...(documents === undefined ? {} : { documents }), keepDocuments: false });
    result.withoutLayers.forEach(printWarning);
    for (const refused of result.refused) refused.problems.forEach(printError);
    const { report } = result;
    if (report.annotators.length < 2) {
      const who = report.annotators.length === 1 ? `only ${report.annotators[0] as string} has` : 'no annotator has';
      io.stderr(`hashiya: agreement needs the layers of at least two annotators; ${who} any in ${shown(store.root)}\n`);
      return EXIT_FAILURE;
    }
    const csv = values.disagreements === undefined ? undefined : await writeDisagreementCsv(store, values.disagreements, report);
    if (values.json) {
      io.stdout(`${JSON.stringify(agreementJson(result, shown), null, 2)}\n`);
    } else {
      io.stdout(agreementTable(report));
      if (csv !== undefined) io.stdout(`wrote ${plural(report.disagreements.length, 'disagreement')} to ${shown(csv)}\n`);
    }
    return result.refused.length > 0 ? EXIT_FAILURE : EXIT_OK;
  }

  async function runSync(args: readonly string[]): Promise<number> {
    const { values } = parse(args, { corpus: { type: 'string' }, annotator: { type: 'string' }, remote: { type: 'string' } });
    if (values.help) return help();
    const corpus = required(values.corpus, '--corpus');
    const annotator = values.annotator ?? loginName();
    const checked = validateAnnotatorName(annotator);
    if (!checked.ok) {
      const why = checked.errors[0]?.message ?? 'not an annotator name';
      throw new UsageError(values.annotator === undefined ? `give --annotator NAME (your login name will not do: ${why})` : `--annotator: ${why}`);
    }
    // A terminal can answer git's password prompt; otherwise only credential helpers answer.
    const prompt = io === processIo && process.stderr.isTTY === true;
    if (values.remote !== undefined && !(await stat(corpus).then(() => true, () => false))) {
      const cloned = await cloneCorpus(values.remote, corpus, { prompt });
      io.stdout(`cloned ${plural(cloned.documents, 'document')} from ${cloned.remote} into ${shown(cloned.root)} (branch ${cloned.branch})\n`);
      return EXIT_OK;
    }
    if (values.remote !== undefined) {
      const link = await linkRemote(corpus, values.remote, { prompt });
      if (link.previous !== link.remote) io.stdout(`linked ${shown(path.resolve(corpus))} to ${link.remote}${link.previous === null ? '' : ` (was ${link.previous})`}\n`);
    }
    const report = await syncCorpus(corpus, { annotator, prompt });
    for (const line of describeSyncReport(report)) io.stdout(`${line}\n`);
    return EXIT_OK;
  }

  async function runServe(args: readonly string[]): Promise<number> {
    const { values } = parse(args, { corpus: { type: 'string' }, port: { type: 'string' }, annotator: { type: 'string' }, host: { type: 'string' } });
    if (values.help) return help();
    let port: number | undefined;
    if (values.port !== undefined) {
      if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${values.port}"`);
      port = Number(values.port);
    }
    const host = await startHttpHost({
      ...(values.corpus !== undefined ? { corpus: path.resolve(values.corpus) } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(values.annotator !== undefined ? { annotator: values.annotator } : {}),
      ...(values.host !== undefined ? { host: values.host } : {}),
    });
    io.stdout(`Hashiya is serving at ${host.url}\n(open that address in a browser on this machine; Ctrl+C stops it)\n`);
    // The annotator's write lock goes with the server (a kill leaves it, and the next start takes it over).
    const stop = (): void => {
      void host
        .close()
        .then(() => host.service.close())
        .finally(() => process.exit(EXIT_OK));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return EXIT_OK;
  }

  function help(): number {
    io.stdout(USAGE);
    return EXIT_OK;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

function parse<O extends Options>(args: readonly string[], options: O, positionals = false) {
  return parseArgs({
    args: [...args],
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    allowPositionals: positionals,
    strict: true,
  });
}

function exportFormats(text: string): readonly FormatName[] {
  const names = text.split(',').map((n) => n.trim());
  const formats: FormatName[] = [];
  for (const name of names) {
    const format = parseFormatName(name);
    if (format === undefined) throw new UsageError(`unknown export format "${name}" (known: ${FORMAT_NAMES.join(', ')})`);
    if (!formats.includes(format)) formats.push(format);
  }
  return formats;
}

function importFormat(text: string): ImportFormat {
  const format = IMPORT_FORMATS.find((f) => f === text);
  if (format === undefined) throw new UsageError(`unknown import format "${text}" (known: ${IMPORT_FORMATS.join(', ')})`);
  return format;
}

function offsetUnit(text: string | undefined): OffsetUnit | undefined {
  if (text === undefined) return undefined;
  if (text === 'codepoint' || text === 'utf16') return text;
  throw new UsageError(`--offsets must be codepoint or utf16, not "${text}"`);
}

function documentList(text: string): readonly string[] {
  const ids = text.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) throw new UsageError('--documents needs at least one document id');
  return ids;
}

function annotatorList(text: string): readonly string[] {
  const names = [...new Set(text.split(',').map((n) => n.trim()).filter((n) => n !== ''))];
  if (names.length < 2) throw new UsageError('--annotators needs at least two names, separated by commas');
  return names;
}

/** The user's login name; empty where the system has none (a container without a passwd entry). */
function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
