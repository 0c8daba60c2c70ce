/**
 * The service behind the host interface: the same code answers the Electron preload (IPC) and
 * `hashiya serve` (HTTP). Each entry point validates its raw arguments with the shared contract
 * before anything here runs; this module turns calls into corpus-store operations and keeps the
 * session (current corpus and annotator) and the user's settings.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  HostError,
  type DocumentSummary,
  type ExportStatus,
  type HostApi,
  type HostArgs,
  type AssignmentsInfo,
  type HostErrorCode,
  type HostMethod,
  type HostResults,
  type Session,
  parseHostArgs,
} from '../shared/host-contract.js';
import { assertNever, type DocumentStatus, type FileProblem } from '../shared/model.js';
import type { ExportLoss } from '../shared/formats/format.js';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { CorpusError, CorpusStore, type CorpusErrorKind, type LayerSummary, type SaveGoldInput } from './corpus-store.js';
import { corpusAgreement } from './corpus-agreement.js';
import { importPaths } from './corpus-import.js';
import { exportCorpus } from './corpus-export.js';
import { exportBundle } from './export-bundle.js';
import { keepListedTexts, prepareCorpusSearch, searchCorpus } from './corpus-search.js';
import { documentListing } from './document-listing.js';
import { checkGold, compareLayers } from '../shared/review/index.js';
import { readSettings, writeSettings, type Settings } from './settings.js';
import { readAssignments, writeAssignments } from './corpus-assignments.js';
import { corpusSyncStatus, linkRemote, SyncError, syncCorpus } from './git-sync.js';
import { readLayerHead } from './layer-head.js';
import { SuggestionThread } from './suggestion-thread.js';

export interface HostServiceOptions {
  /** Folder for the settings file and the seeds working copy. Created when missing. */
  readonly dataDir: string;
  /** Folder of the bundled seed articles (`*.txt`); read, never written. */
  readonly seedsDir: string;
  /** A corpus given on the command line: wins over the remembered one for this run. */
  readonly corpus?: string;
  /** An annotator given on the command line: wins over the remembered one for this run. */
  readonly annotator?: string;
  /** A native folder picker, where the host has one (Electron). */
  readonly pickFolder?: () => Promise<string | null>;
  readonly version: string;
  readonly log?: (message: string) => void;
  /**
   * The worker script that makes suggestions (see suggestion-thread.ts); null: they are made in
   * this thread. Default: `suggestion-worker.js` beside this module (bundled beside cli.js and main.js).
   */
  readonly suggestionWorker?: URL | null;
}

/** The bundled worker beside this module; when the sources run unbundled there is none, and suggestions are made in this thread. */
const SUGGESTION_WORKER = new URL('./suggestion-worker.js', import.meta.url);

/** The background reads of a corpus just opened wait at most this long for the first list (and then for a complete one) to be answered; see `warmUp`. */
const WARM_UP_DELAY_MS = 2000;

/** Resolves after `ms`; the timer does not keep the process alive. */
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export interface HostService extends HostApi {
  /** Validates `rawArgs` against the contract and runs `method`. */
  call(method: HostMethod, rawArgs: unknown): Promise<unknown>;
  /** Lets go of the annotator's write lock (the process's normal exit does too). The service should not be used after. */
  close(): Promise<void>;
}

export async function createHostService(options: HostServiceOptions): Promise<HostService> {
  const log = options.log ?? (() => {});
  const settingsFile = path.join(options.dataDir, 'settings.json');
  const seedsCopy = path.join(options.dataDir, 'corpora', 'seeds');
  await mkdir(options.dataDir, { recursive: true });

  let settings: Settings = await readSettings(settingsFile, log);
  let annotator: string | null = null;
  let store: CorpusStore | null = null;
  let corpusError: string | null = null;
  /** Stores whose cleared temporary files were logged already. */
  const cleared = new WeakSet<CorpusStore>();
  /** The suggestions of the open corpus, made in a worker thread; stopped when the corpus is closed. */
  let suggesting: { readonly store: CorpusStore; readonly thread: SuggestionThread } | null = null;
  /** Stops the worker of the corpus closed (what it had not answered is refused: see SuggestionThread.close). */
  const stopSuggesting = async (): Promise<void> => {
    const stopping = suggesting;
    suggesting = null;
    await stopping?.thread.close();
  };
  const suggestionsOf = (corpus: CorpusStore): SuggestionThread => {
    if (suggesting?.store !== corpus) {
      void stopSuggesting();
      suggesting = { store: corpus, thread: new SuggestionThread(corpus, options.suggestionWorker === undefined ? SUGGESTION_WORKER : options.suggestionWorker) };
    }
    return suggesting.thread;
  };
  /** Per store opened: called when a document list has been answered, and when one without pending entries has (see {@link warmUp}). */
  const listAnswered = new WeakMap<CorpusStore, { readonly any: () => void; readonly complete: () => void }>();

  const initialAnnotator = options.annotator ?? settings.annotator;
  if (initialAnnotator !== null) {
    const checked = validateAnnotatorName(initialAnnotator);
    if (checked.ok) annotator = checked.value;
    else log(`annotator ${JSON.stringify(initialAnnotator)} ignored: ${checked.errors[0]?.message ?? 'invalid'}`);
  }

  async function openSeedsCopy(): Promise<CorpusStore> {
    const fresh = !(await exists(path.join(seedsCopy, 'hashiya.json')));
    const opened = await CorpusStore.open(seedsCopy, { create: true, name: 'Seeds (working copy)' });
    if (fresh) {
      const seeds = (await readdir(options.seedsDir)).filter((f) => f.endsWith('.txt')).sort();
      const report = await importPaths(opened, seeds.map((f) => path.join(options.seedsDir, f)), {});
      if (report.failed.length > 0) {
        throw new CorpusError(report.failed.map((f) => ({ file: f.file, message: f.message })));
      }
      log(`created the seeds working copy at ${seedsCopy}`);
    }
    return opened;
  }

  async function openInitialCorpus(): Promise<void> {
    const chosen = options.corpus ?? settings.corpus;
    try {
      store = chosen ? await CorpusStore.open(path.resolve(chosen), { create: true }) : await openSeedsCopy();
      corpusError = null;
      await takeWriteLock(store);
      warmUp(store);
    } catch (error) {
      corpusError = describe(error);
      log(`could not open ${chosen ?? 'the seeds corpus'}: ${corpusError}`);
      store = null;
    }
  }
  await openInitialCorpus();

  function session(): Session {
    return {
      corpus: store && {
        root: store.root,
        name: store.manifest.name,
        schema: store.manifest.schema,
        isSeedsCopy: path.resolve(store.root) === path.resolve(seedsCopy),
      },
      corpusError,
      annotator,
      readOnly: store && annotator ? store.writeLockProblem(annotator) : null,
      capabilities: { pickFolder: options.pickFolder !== undefined },
      version: options.version,
    };
  }

  function requireStore(): CorpusStore {
    if (!store) throw new HostError('no_corpus', corpusError ?? 'No corpus is open.');
    return store;
  }
  function requireAnnotator(): string {
    if (!annotator) throw new HostError('no_annotator', 'Tell Hashiya who is annotating first.');
    return annotator;
  }

  async function remember(next: Partial<Settings>): Promise<void> {
    settings = { ...settings, ...next };
    await writeSettings(settingsFile, settings);
  }

  const api: HostApi = {
    async getSession() {
      // A session refused the write lock asks again: the other window may have closed.
      if (store && annotator && store.writeLockProblem(annotator) !== null) await takeWriteLock(store);
      return session();
    },
    async setAnnotator(name) {
      const checked = validateAnnotatorName(name);
      if (!checked.ok) throw new HostError('invalid_argument', checked.errors[0]?.message ?? 'invalid annotator name');
      const previous = annotator;
      annotator = checked.value;
      if (store && previous !== null && previous !== annotator) await store.releaseAnnotator(previous);
      if (store) await takeWriteLock(store);
      await remember({ annotator });
      return session();
    },
    async openCorpus(dir) {
      if (!path.isAbsolute(dir)) throw new HostError('invalid_argument', `Give the corpus folder as an absolute path: ${dir}`);
      const opened = await CorpusStore.open(path.resolve(dir), { create: true });
      await takeWriteLock(opened);
      if (store) void documentListing(store).close();
      void stopSuggesting();
      await store?.close();
      store = opened;
      corpusError = null;
      warmUp(opened);
      await remember({ corpus: path.resolve(seedsCopy) === path.resolve(opened.root) ? null : opened.root });
      return session();
    },
    async pickCorpusFolder() {
      return options.pickFolder ? options.pickFolder() : null;
    },
    async listDocuments() {
      const corpus = requireStore();
      const listed = await documentList(corpus, annotator);
      const answered = listAnswered.get(corpus);
      answered?.any();
      if (!listed.some((d) => d.pending !== undefined)) answered?.complete();
      return listed;
    },
    async openDocument(id) {
      const corpus = requireStore();
      const meta = await corpus.readMeta(id);
      const text = await corpus.readText(id);
      return { meta, text };
    },
    async loadLayer(id) {
      const corpus = requireStore();
      const { layer, orphans, reanchored, moved } = await corpus.readLayer(id, requireAnnotator());
      return { layer, orphans, reanchored, moved };
    },
    async saveLayer(id, input) {
      const corpus = requireStore();
      return corpus.saveLayer(id, requireAnnotator(), input);
    },
    async saveLayerChanges(id, input) {
      const corpus = requireStore();
      const layer = await corpus.saveLayerChanges(id, requireAnnotator(), input);
      return { revision: layer.revision, status: layer.status, spans: layer.spans.length };
    },
    async saveSchema(schema) {
      const corpus = requireStore();
      const { unfit } = await corpus.saveSchema(schema);
      return { session: session(), unfit };
    },
    async searchCorpus(query, options) {
      return searchCorpus(requireStore(), query, options);
    },
    async suggestions(id) {
      return suggestionsOf(requireStore()).suggestions(id, requireAnnotator());
    },
    async startExport(request) {
      const corpus = requireStore();
      if (!path.isAbsolute(request.target)) throw new HostError('invalid_argument', `Give the export target as an absolute path: ${request.target}`);
      const job = randomBytes(12).toString('base64url');
      const documents = request.documents ?? (await corpus.listDocumentIds());
      let status: ExportStatus = { job, state: 'running', done: 0, total: documents.length, target: request.target, files: 0, losses: [], unread: [], error: null };
      exportJobs.set(job, status);
      const update = (next: Partial<ExportStatus>) => {
        status = { ...status, ...next };
        exportJobs.set(job, status);
      };
      const options = {
        formats: request.formats,
        source: 'gold' in request.source ? ({ gold: true } as const) : { annotator: request.source.annotator },
        documents,
        offsets: request.offsets,
        onProgress: (done: number, total: number) => update({ done, total }),
      };
      const run = request.bundle ? exportBundle(corpus, { ...options, bundle: request.target }) : exportCorpus(corpus, { ...options, outDir: request.target });
      run.then(
        (report: { files: number; losses: readonly ExportLoss[]; failed: readonly FileProblem[] }) =>
          update({
            state: 'finished',
            done: documents.length,
            files: report.files,
            losses: report.losses,
            unread: report.failed.map((f) => formatProblem(f, corpus.root)),
          }),
        (error: unknown) => update({ state: 'failed', error: toHostError(error, corpus.root).message }),
      );
      return status;
    },
    async exportStatus(job) {
      const status = exportJobs.get(job);
      if (!status) throw new HostError('not_found', `No export job ${job} in this run.`);
      return status;
    },
    async loadReview(id, annotators) {
      const corpus = requireStore();
      const [meta, text] = [await corpus.readMeta(id), await corpus.readText(id)];
      const layers = [];
      for (const name of annotators) {
        const file = corpus.layerPath(id, name);
        const { layer } = await corpus.readLayer(id, name);
        layers.push({ annotator: name, layer: layer.revision === 0 && layer.spans.length === 0 ? null : layer, file: path.relative(corpus.root, file) });
      }
      const gold = await corpus.readGold(id);
      // A gold file edited by hand into something the layers do not support is named, never fixed silently.
      const comparison = compareLayers(
        text,
        layers.map((l) => ({ annotator: l.annotator, layer: l.layer ?? undefined, file: l.file })),
        { schema: corpus.manifest.schema },
      );
      const inconsistent = comparison.ok ? checkGold(gold.located, gold.file, comparison.value) : [];
      return { meta, text, layers, gold: gold.gold, goldProblems: [...gold.problems, ...inconsistent].map((p) => formatProblem(p, corpus.root)) };
    },
    async saveGold(id, input, expectedRevision) {
      const corpus = requireStore();
      return corpus.saveGold(id, input as unknown as SaveGoldInput, expectedRevision);
    },
    async agreement(options) {
      const corpus = requireStore();
      const result = await corpusAgreement(corpus, { ...options, keepDocuments: false });
      const root = corpus.root;
      return {
        report: result.report,
        refused: result.refused.map((r) => ({ document: r.document, problems: r.problems.map((p) => formatProblem(p, root)) })),
        withoutLayers: result.withoutLayers.map((w) => w.annotator),
        confusion: result.confusion,
      };
    },
    async corpusProgress() {
      const corpus = requireStore();
      const listing = documentListing(corpus);
      const annotators = [...(await corpus.listAnnotatorFolders())];
      if (annotator && !annotators.includes(annotator)) annotators.push(annotator);
      annotators.sort();
      const listed = await listing.list(null, { wait: 'all' });
      const summaries = new Map<string, ReadonlyMap<string, LayerSummary>>();
      for (const name of annotators) summaries.set(name, new Map((await listing.list(name, { wait: 'all' })).map((d) => [d.id, d.layer])));
      const documents = listed.map(({ id, title }) => {
        const layers: Record<string, { status: DocumentStatus; spans: number }> = {};
        for (const name of annotators) {
          const summary = summaries.get(name)?.get(id);
          layers[name] = { status: summary?.status ?? 'not_started', spans: summary?.spans ?? 0 };
        }
        return { id, title, layers };
      });
      return { annotators, documents };
    },
    async previousVersion(id, which = 'layer') {
      const corpus = requireStore();
      const kept = which === 'gold' ? await corpus.previousGold(id) : await corpus.previousLayer(id, requireAnnotator());
      if (kept === null) return null;
      const { revision, status, spans, relations, savedAt, onOtherText } = kept;
      return { revision, status, spans, relations, savedAt, onOtherText };
    },
    async restorePreviousVersion(id, expectedRevision, which = 'layer') {
      const corpus = requireStore();
      return which === 'gold' ? corpus.restorePreviousGold(id, expectedRevision) : corpus.restorePreviousLayer(id, requireAnnotator(), expectedRevision);
    },
    async layerHead(id) {
      return readLayerHead(requireStore().layerPath(id, requireAnnotator()));
    },
    async syncStatus() {
      return corpusSyncStatus(requireStore().root);
    },
    async linkRemote(url) {
      const corpus = requireStore();
      await syncing(() => linkRemote(corpus.root, url));
      return corpusSyncStatus(corpus.root);
    },
    async syncCorpus() {
      const corpus = requireStore();
      const report = await syncing(() => syncCorpus(corpus.root, { annotator: requireAnnotator() }));
      // The manifest is read once per open: a schema that came in needs the corpus opened again.
      if (report.incoming.schemaChanged && store === corpus) await api.openCorpus(corpus.root);
      return report;
    },
    async getAssignments() {
      return assignmentsInfo(requireStore());
    },
    async saveAssignments(documents) {
      const corpus = requireStore();
      const ids = new Set(await corpus.listDocumentIds());
      const next = new Map(Object.entries(documents).filter(([, names]) => names.length > 0).map(([id, names]) => [id, [...new Set(names)].sort()]));
      await writeAssignments(corpus.root, next, ids);
      return assignmentsInfo(corpus);
    },
  };

  /** Runs a git operation, its failure told as a host error naming what to do. */
  async function syncing<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SyncError) throw new HostError('sync', error.message);
      throw error;
    }
  }

  async function assignmentsInfo(corpus: CorpusStore): Promise<AssignmentsInfo> {
    const assignments = await readAssignments(corpus.root);
    const people = new Set(await corpus.listAnnotatorFolders());
    for (const names of assignments.values()) for (const n of names) people.add(n);
    if (annotator) people.add(annotator);
    const valid = [...people].filter((n) => validateAnnotatorName(n).ok).sort();
    return { documents: Object.fromEntries(assignments), annotators: valid };
  }

  /**
   * The document list of `corpus` as `who` sees it (their layers' status and spans; none without
   * an annotator), from documentListing: on a corpus opened for the first time, documents past
   * the first screenfuls may come as `pending` while they are read (the renderer asks again).
   */
  async function documentList(corpus: CorpusStore, who: string | null): Promise<DocumentSummary[]> {
    const listed = await documentListing(corpus).list(who);
    return listed.map(({ id, title, length, layer, pending }) => ({
      id,
      title,
      length,
      status: layer.status,
      spans: layer.spans,
      problem: layer.problems.length > 0 ? layer.problems.map((p) => formatProblem(p, corpus.root)).join('\n') : null,
      ...(pending === null ? {} : { pending }),
    }));
  }

  /**
   * Reads, in the background, what the document list and search of a corpus just opened need.
   * At once: the document list's cache file. Once the first list has been answered (it reads
   * what its first screenfuls need itself; the app's page is loaded meanwhile without competing
   * reads), or after {@link WARM_UP_DELAY_MS}: every meta and text (titles; search keeps the
   * texts) and the annotator's layers. Once a complete list has been answered (or after
   * {@link WARM_UP_DELAY_MS} more): the texts' matching keys, and any text the list did not need
   * to read. The first list and the first search then find it read, or join the reads in
   * flight. Nothing is written but the document list's cache file (`.hashiya/cache/`); a failure
   * is left for the calls themselves to report.
   */
  function warmUp(corpus: CorpusStore): void {
    const listing = documentListing(corpus);
    listing.useCacheFile();
    keepListedTexts(corpus);
    let any = (): void => {};
    let complete = (): void => {};
    const answered = new Promise<void>((resolve) => (any = resolve));
    const answeredInFull = new Promise<void>((resolve) => (complete = resolve));
    listAnswered.set(corpus, { any, complete });
    void listing
      .preload()
      .then(() => Promise.race([answered, delay(WARM_UP_DELAY_MS)]))
      .then(() => listing.list(annotator, { wait: 'all' }))
      .catch(() => undefined)
      .then(() => Promise.race([answeredInFull, delay(WARM_UP_DELAY_MS)]))
      .then(() => prepareCorpusSearch(corpus))
      .catch(() => undefined);
  }

  /** Export jobs of this run, by id: the renderer polls them for its progress bar. */
  const exportJobs = new Map<string, ExportStatus>();

  async function call(method: HostMethod, rawArgs: unknown): Promise<unknown> {
    const args = parseHostArgs(method, rawArgs);
    try {
      const fn = api[method] as (...a: HostArgs<typeof method>) => Promise<HostResults[typeof method]>;
      return await fn(...args);
    } catch (error) {
      throw toHostError(error, store?.root);
    }
  }

  /**
   * Takes the write lock of the session's annotator in `corpus` (see CorpusStore.lockAnnotator),
   * logging the temporary files opening it cleared; a refusal is logged and shows in
   * `Session.readOnly`, never thrown.
   */
  async function takeWriteLock(corpus: CorpusStore): Promise<void> {
    if (!cleared.has(corpus)) for (const file of corpus.removedTempFiles) log(`removed ${file}: a temporary file left by an interrupted save`);
    cleared.add(corpus);
    if (!annotator) return;
    const result = await corpus.lockAnnotator(annotator, { log });
    if (!result.ok) log(`read-only: ${result.message}`);
  }

  async function close(): Promise<void> {
    await stopSuggesting();
    if (store) await documentListing(store).close();
    await store?.close();
  }

  return { ...api, call, close };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function describe(error: unknown, root?: string): string {
  if (error instanceof CorpusError) return error.problems.map((p) => formatProblem(p, root)).join('\n') || error.message;
  return error instanceof Error ? error.message : String(error);
}

/** `file:line: message`, with the file relative to `root` when it lies inside it. */
export function formatProblem(problem: FileProblem, root?: string): string {
  const relative = root ? path.relative(root, problem.file) : '';
  const file = root && relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : problem.file;
  return `${file}${problem.line !== undefined ? `:${problem.line}` : ''}: ${problem.message}`;
}

/** Maps store and file-system failures onto the contract's error codes. */
function hostErrorCode(kind: CorpusErrorKind): HostErrorCode {
  switch (kind) {
    case 'conflict':
    case 'not_found':
    case 'locked':
      return kind;
    case 'invalid':
    case 'damaged':
      return 'corpus';
    default:
      return assertNever(kind, 'corpus error kind');
  }
}

export function toHostError(error: unknown, root?: string): HostError {
  if (error instanceof HostError) return error;
  if (error instanceof CorpusError) {
    return new HostError(hostErrorCode(error.kind), describe(error, root), error.problems);
  }
  const err = error as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return new HostError('not_found', err.message);
  return new HostError('internal', error instanceof Error ? error.message : String(error));
}
