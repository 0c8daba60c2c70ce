/**
 * The `hashiya` command line: import, export, validate, serve. `bin/hashiya.js` calls
 * {@link main} with the arguments after the program name and exits with what it returns.
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { FileProblem } from '../shared/model.js';
import { exportBrat } from './corpus-export.js';
import { importPaths } from './corpus-import.js';
import { CorpusError, CorpusStore } from './corpus-store.js';
import { startHttpHost } from './http-host.js';

/** Where the CLI writes; the process's streams unless a caller (a test) gives its own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Paths under this folder are printed relative to it. Default: the process's cwd. */
  readonly cwd?: string;
}

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Exit codes: success, failure (problems found, files not imported), bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: hashiya <command> [options]

Commands:
  import --corpus DIR [--annotator NAME] PATH...
      Import .txt files, folders of them, and brat pairs (x.txt with x.ann beside it; the
      spans go into NAME's layer). Creates the corpus when DIR does not exist.
  export --corpus DIR --format brat --annotator NAME --out DIR
      Write NAME's layers as brat standoff (.txt, .ann, annotation.conf) into the out folder.
  validate --corpus DIR
      Check every file of the corpus (texts, offsets, and stored values against the schema:
      attribute values, references, relations, reference cycles); print each problem as
      file:line: message.
  serve [--corpus DIR] [--port N] [--annotator NAME] [--host 127.0.0.1]
      Serve Hashiya to a browser on this machine and print the address to open.

Options:
  -h, --help    Show this help.

Exit status: 0 on success, 1 when problems were found or files were not imported, 2 on bad usage.
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
    const errno = error as NodeJS.ErrnoException;
    if (errno && typeof errno.code === 'string' && typeof errno.syscall === 'string') {
      io.stderr(`hashiya: ${errno.path ? `${shown(errno.path)}: ` : ''}${errno.message}\n`);
      return EXIT_FAILURE;
    }
    io.stderr(`hashiya: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILURE;
  }

  async function runImport(args: readonly string[]): Promise<number> {
    const { values, positionals } = parse(args, { corpus: { type: 'string' }, annotator: { type: 'string' } }, true);
    if (values.help) return help();
    const corpus = required(values.corpus, '--corpus');
    if (positionals.length === 0) throw new UsageError('import needs at least one PATH to import');
    const store = await CorpusStore.open(corpus, { create: true });
    const report = await importPaths(store, positionals, { annotator: values.annotator });
    for (const doc of report.imported) {
      const layer = doc.annFile !== undefined ? `, ${doc.spans} span${doc.spans === 1 ? '' : 's'} from ${shown(doc.annFile)} into ${values.annotator ?? ''}'s layer` : '';
      io.stdout(`${doc.textImported ? 'imported' : 'added a layer to'} ${shown(doc.file)} as ${doc.document}${layer}\n`);
      doc.warnings.forEach(printWarning);
    }
    for (const skip of report.skipped) io.stdout(`skipped ${shown(skip.file)}: ${skip.message}\n`);
    report.failed.forEach(printError);
    io.stdout(`${report.imported.length} imported, ${report.skipped.length} skipped, ${new Set(report.failed.map((f) => f.file)).size} failed (corpus ${shown(store.root)})\n`);
    return report.failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
  }

  async function runExport(args: readonly string[]): Promise<number> {
    const { values } = parse(args, { corpus: { type: 'string' }, format: { type: 'string' }, annotator: { type: 'string' }, out: { type: 'string' } });
    if (values.help) return help();
    const corpus = required(values.corpus, '--corpus');
    const format = required(values.format, '--format');
    const annotator = required(values.annotator, '--annotator');
    const out = required(values.out, '--out');
    if (format !== 'brat') throw new UsageError(`unknown export format "${format}" (known: brat)`);
    const store = await CorpusStore.open(corpus);
    const report = await exportBrat(store, annotator, out);
    for (const orphan of report.orphans) {
      printWarning({ file: store.layerPath(orphan.document, annotator), message: `span "${orphan.spanId}" not exported: ${orphan.message}` });
    }
    for (const left of report.notExported) printWarning({ file: store.layerPath(left.document, annotator), message: left.message });
    report.failed.forEach(printError);
    const spans = report.documents.reduce((n, d) => n + d.spans, 0);
    io.stdout(`exported ${report.documents.length} documents, ${spans} spans of ${annotator}, to ${shown(report.outDir)}\n`);
    return report.failed.length > 0 ? EXIT_FAILURE : EXIT_OK;
  }

  async function runValidate(args: readonly string[]): Promise<number> {
    const { values } = parse(args, { corpus: { type: 'string' } });
    if (values.help) return help();
    const store = await CorpusStore.open(required(values.corpus, '--corpus'));
    const problems = await store.validate();
    for (const p of problems) io.stdout(`${problemLine(p)}\n`);
    if (problems.length > 0) {
      io.stderr(`hashiya: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${shown(store.root)}\n`);
      return EXIT_FAILURE;
    }
    io.stdout(`${shown(store.root)}: no problems (${(await store.listDocumentIds()).length} documents)\n`);
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
    const stop = (): void => {
      void host.close().then(() => process.exit(EXIT_OK));
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

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
