/**
 * The one interface between the renderer and whatever hosts it: the Electron main process
 * (through the preload's `window.hashiyaHost`) or `hashiya serve` (through HTTP). Both providers
 * validate every call's arguments with {@link hostArgs} and answer with a {@link HostReply};
 * the renderer cannot tell them apart. The renderer takes only types from here at run time
 * (the argument schemas are the hosts'): the method names come from host-channels.ts, the reply
 * envelope and its error from host-reply.ts, which this module re-exports.
 *
 * All offsets are Unicode code points into the document's canonical text.
 */
import { z } from 'zod';
import { HOST_METHODS, type HostMethodName } from './host-channels.js';
import { HostError } from './host-reply.js';
export { HostError, errorReply, unwrapReply, type HostErrorCode, type HostReply } from './host-reply.js';
import type { DocumentMeta, DocumentStatus, Layer, Schema } from './model.js';
import type { GoldLayer } from './corpus/gold-file.js';
import type { MovedSpan } from './corpus/reanchor-layer.js';
import type { AgreementReport } from './agreement/index.js';
import type { CorpusSyncStatus, SyncReport } from './sync/sync-report.js';

const documentId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'not a document id');
const nonNegativeInt = z.number().int().nonnegative();

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'not a name (ASCII letter, then letters, digits, _ or -)');
const attributeValue = z.union([z.string().max(10_000), z.number().finite(), z.boolean()]);

/** A span as the renderer sends it: the host recomputes the quote context. */
export const spanInput = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'not a span id'),
    label: z.string().min(1).max(64),
    start: nonNegativeInt,
    end: nonNegativeInt,
    text: z.string().max(1_000_000),
    attributes: z.record(z.string().max(64), attributeValue),
    note: z.string().max(100_000),
  })
  .strict()
  .refine((s) => s.end > s.start, { message: 'a span must end after it starts' });
export type SpanInput = z.infer<typeof spanInput>;

export const relationInput = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'not a relation id'),
    type: z.string().min(1).max(64),
    from: z.string().min(1).max(32),
    to: z.string().min(1).max(32),
  })
  .strict();

export const rejectedInput = z
  .object({ label: z.string().min(1).max(64), start: nonNegativeInt, end: nonNegativeInt })
  .strict()
  .refine((s) => s.end > s.start, { message: 'a rejected suggestion must end after it starts' });

export const schemaInput = z
  .object({
    labels: z
      .array(
        z
          .object({
            name: identifier,
            color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'not a #rrggbb colour'),
            key: z.string().max(1),
            attributes: z.array(
              z
                .object({
                  name: identifier,
                  type: z.enum(['choice', 'number', 'text', 'boolean', 'reference']),
                  choices: z.array(z.string().min(1).max(64)).max(200),
                  targets: z.array(identifier).max(64),
                  help: z.string().max(500),
                })
                .strict(),
            ).max(64),
          })
          .strict(),
      )
      .min(1)
      .max(64),
    relations: z.array(z.object({ name: identifier, from: z.array(identifier).min(1), to: z.array(identifier).min(1) }).strict()).max(64),
  })
  .strict();

const documentStatus = z.enum(['not_started', 'in_progress', 'done']);
/** Which layer of a document a method is about: the current annotator's, or the gold. */
const layerChoice = z.enum(['layer', 'gold']);

export const saveLayerInput = z
  .object({
    spans: z.array(spanInput).max(200_000),
    relations: z.array(relationInput).max(200_000),
    rejected: z.array(rejectedInput).max(200_000),
    status: documentStatus,
    /** The revision the renderer loaded; a save over any other revision is refused. */
    expectedRevision: nonNegativeInt,
  })
  .strict();
export type SaveLayerInput = z.infer<typeof saveLayerInput>;

/**
 * A save of what changed since `expectedRevision` (see shared/corpus/span-changes.ts): spans
 * added or changed, ids of spans taken away; relations, rejected suggestions and status whole
 * (they are few).
 */
export const saveLayerChangesInput = saveLayerInput
  .omit({ spans: true })
  .extend({
    upsert: z.array(spanInput).max(200_000),
    remove: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'not a span id')).max(200_000),
  })
  .strict();
export type SaveLayerChangesInput = z.infer<typeof saveLayerChangesInput>;

/** What a save of changes answers: the layer's new revision, its status and how many spans it holds. */
export interface SavedLayer {
  readonly revision: number;
  readonly status: DocumentStatus;
  readonly spans: number;
}

/** Argument tuples of every host method: the single source of truth for validation. */
export const hostArgs = {
  getSession: z.tuple([]),
  setAnnotator: z.tuple([z.string().min(1).max(200)]),
  openCorpus: z.tuple([z.string().min(1).max(4096)]),
  pickCorpusFolder: z.tuple([]),
  listDocuments: z.tuple([]),
  openDocument: z.tuple([documentId]),
  loadLayer: z.tuple([documentId]),
  saveLayer: z.tuple([documentId, saveLayerInput]),
  saveLayerChanges: z.tuple([documentId, saveLayerChangesInput]),
  saveSchema: z.tuple([schemaInput]),
  searchCorpus: z.tuple([z.string().min(1).max(500), z.object({ clitics: z.boolean() }).strict()]),
  suggestions: z.tuple([documentId]),
  corpusProgress: z.tuple([]),
  startExport: z.tuple([
    z
      .object({
        formats: z.array(z.enum(['brat', 'w3c', 'jsonl', 'conll', 'csv', 'xmi'])).min(1).max(6),
        /** An annotator's layer, or the gold layer. */
        source: z.union([z.object({ annotator: z.string().min(1).max(200) }).strict(), z.object({ gold: z.literal(true) }).strict()]),
        /** Document ids; all documents when absent. */
        documents: z.array(documentId).max(1_000_000).optional(),
        /** Absolute path: a folder (created when missing), or a `.zip` file for a bundle. */
        target: z.string().min(1).max(4096),
        bundle: z.boolean(),
        offsets: z.enum(['codepoint', 'utf16']),
      })
      .strict(),
  ]),
  exportStatus: z.tuple([z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an export job id')]),
  loadReview: z.tuple([documentId, z.array(z.string().min(1).max(200)).min(1).max(50)]),
  /** The gold layer as adjudication made it; its provenance is checked in depth by the store. */
  saveGold: z.tuple([
    documentId,
    z
      .object({
        spans: z.array(z.object({}).passthrough()).max(200_000),
        relations: z.array(z.object({}).passthrough()).max(200_000),
        decisions: z.array(z.object({}).passthrough()).max(400_000),
        rejected: z.array(rejectedInput).max(200_000).optional(),
        status: documentStatus,
        quorum: z.number().int().min(1).max(100).nullable(),
      })
      .passthrough(),
    nonNegativeInt,
  ]),
  agreement: z.tuple([
    z
      .object({
        annotators: z.array(z.string().min(1).max(200)).max(50).optional(),
        documents: z.array(documentId).max(1_000_000).optional(),
      })
      .strict(),
  ]),
  /** The kept previous version of the current annotator's layer (`layer`, the default) or of the gold layer (`gold`). */
  previousVersion: z.tuple([documentId, layerChoice.optional()]),
  /** Puts that previous version back as an ordinary save over `expectedRevision` (the revision loaded). */
  restorePreviousVersion: z.tuple([documentId, nonNegativeInt, layerChoice.optional()]),
  /** The current annotator's layer revision on disk (its header only): cheap, polled to notice changes from outside. */
  layerHead: z.tuple([documentId]),
  /** Whether the corpus is linked to a git remote, and how far it is ahead or behind. */
  syncStatus: z.tuple([]),
  /** Links the corpus to a git remote: a path to a bare repository, or an http(s):// URL. */
  linkRemote: z.tuple([z.string().min(1).max(4096)]),
  /** Commits the annotator's changes, pulls and pushes (see electron/git-sync.ts). */
  syncCorpus: z.tuple([]),
  /** Who is assigned to which document, and each annotator's queue. */
  getAssignments: z.tuple([]),
  /** Replaces the assignments: document id → annotator names (an empty list unassigns). */
  saveAssignments: z.tuple([z.record(documentId, z.array(z.string().min(1).max(200)).max(100)).refine((r) => Object.keys(r).length <= 1_000_000)]),
} as const;

export type HostMethod = keyof typeof hostArgs;
export const hostMethods: readonly HostMethod[] = HOST_METHODS;
/** Compile-time check: the channel list and the schemas name the same methods. */
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _channelsMatchSchemas: SameKeys<HostMethod, HostMethodName> = true;
void _channelsMatchSchemas;

export interface CorpusInfo {
  /** Absolute path of the corpus folder on the host. */
  readonly root: string;
  readonly name: string;
  readonly schema: Schema;
  /** True when this is the working copy of the bundled seeds corpus. */
  readonly isSeedsCopy: boolean;
}

export interface Session {
  readonly corpus: CorpusInfo | null;
  /** Why the last chosen corpus could not be opened, if it could not. */
  readonly corpusError: string | null;
  readonly annotator: string | null;
  /**
   * Why this session may not save the annotator's layers (another Hashiya window or `hashiya
   * serve` holds their write lock: `annotator "X" is open in another Hashiya window (pid …, since …)`),
   * or null when it may. Reading still works; saves answer `locked` until the other one closes.
   */
  readonly readOnly: string | null;
  readonly capabilities: { readonly pickFolder: boolean };
  readonly version: string;
}

export interface DocumentSummary {
  readonly id: string;
  /** The first line of the text, shortened: what a person recognises the article by. */
  readonly title: string;
  /** Length in code points. */
  readonly length: number;
  /** Status of the current annotator's layer. */
  readonly status: DocumentStatus;
  readonly spans: number;
  /** Why the annotator's layer file cannot be read (`file:line: message`, file relative to the corpus); null when it reads. */
  readonly problem: string | null;
  /**
   * What the host was still reading when it answered (a large corpus opened for the first time
   * lists at once and fills in): `text`, the meta and text (`title` is empty, `length` 0, and the
   * layer is not read either); `layer`, the annotator's layer (`status`, `spans` and `problem`
   * are not read yet). Absent when the entry is complete. A later `listDocuments` gives more.
   */
  readonly pending?: 'text' | 'layer';
}

export interface OpenedDocument {
  readonly meta: DocumentMeta;
  readonly text: string;
}

export interface LoadedLayer {
  readonly layer: Layer;
  /** Spans whose offsets no longer yield their quote: kept, shown, never dropped. */
  readonly orphans: readonly { readonly spanId: string; readonly message: string }[];
  /**
   * True when the layer file was made on another text than the document's and its spans were
   * placed again by quote and context: `layer` differs from the file (it holds the new places)
   * and should be saved (at `layer.revision`) to keep them. Spans that found no place are in
   * `orphans`, with the reason.
   */
  readonly reanchored: boolean;
  /** Spans re-anchoring moved, from where to where (code points); empty when none. */
  readonly moved: readonly MovedSpan[];
}

/** A layer's kept previous version (the one its last save replaced; one generation is kept). */
export interface PreviousVersionInfo {
  readonly revision: number;
  readonly status: DocumentStatus;
  readonly spans: number;
  readonly relations: number;
  /** When that version was saved, ISO 8601 UTC. */
  readonly savedAt: string;
  /** Made on another text than the document's: restoring re-anchors its spans (gold: they stay orphans). */
  readonly onOtherText: boolean;
}

/** One hit of a corpus search: code point offsets into the document's canonical text. */
export interface SearchHit {
  readonly document: string;
  readonly start: number;
  readonly end: number;
  /** Up to ~40 code points of text before and after, for the result list. */
  readonly before: string;
  readonly match: string;
  readonly after: string;
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** True when more hits exist than were returned. */
  readonly truncated: boolean;
}

/** A proposed span: a string annotators labelled elsewhere, found again here. */
export interface Suggestion {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** What a schema change leaves behind: stored values that no longer fit (kept, shown as such). */
export interface SchemaChangeReport {
  readonly session: Session;
  readonly unfit: readonly { readonly document: string; readonly annotator: string; readonly spanId: string; readonly message: string }[];
}

/** Every annotator's status of every document: the corpus progress view. */
export interface CorpusProgress {
  readonly annotators: readonly string[];
  readonly documents: readonly {
    readonly id: string;
    readonly title: string;
    /** Annotator → status and span count; annotators with no layer file are `not_started`, 0. */
    readonly layers: Readonly<Record<string, { readonly status: DocumentStatus; readonly spans: number }>>;
  }[];
}

export interface ExportStatus {
  readonly job: string;
  readonly state: 'running' | 'finished' | 'failed';
  /** Documents written so far, and in all. */
  readonly done: number;
  readonly total: number;
  /** Where the export goes (folder or zip file). */
  readonly target: string;
  /** Files written (when finished). */
  readonly files: number;
  /** What the formats could not express (which document, what), when finished. */
  readonly losses: readonly { readonly document: string; readonly message: string }[];
  /**
   * The documents not exported because a file of theirs could not be read, when finished: each
   * problem as `file:line: message`, the file relative to the corpus.
   */
  readonly unread: readonly string[];
  /** Why it failed. */
  readonly error: string | null;
}

/** What review reads of a document: its text, the chosen annotators' layers (never written by review) and the gold. */
export interface ReviewData {
  readonly meta: DocumentMeta;
  readonly text: string;
  /** In the order asked; `layer` null when the annotator has none of this document. */
  readonly layers: readonly { readonly annotator: string; readonly layer: Layer | null; readonly file: string }[];
  readonly gold: GoldLayer;
  /** Problems of the gold file (hand-edited into inconsistency, ...), `file:line: message`. */
  readonly goldProblems: readonly string[];
}

export interface AgreementResult {
  readonly report: AgreementReport;
  /** Documents not compared (text changed since a layer was made, ...), with why. */
  readonly refused: readonly { readonly document: string; readonly problems: readonly string[] }[];
  /** Annotators asked for who have no layer at all. */
  readonly withoutLayers: readonly string[];
  /** Token-level label confusion of each pair (reference rows × other columns), over the documents both annotated. */
  readonly confusion: readonly { readonly reference: string; readonly other: string; readonly labels: readonly string[]; readonly counts: readonly (readonly number[])[] }[];
}

export interface HostResults {
  getSession: Session;
  setAnnotator: Session;
  openCorpus: Session;
  pickCorpusFolder: string | null;
  listDocuments: readonly DocumentSummary[];
  openDocument: OpenedDocument;
  loadLayer: LoadedLayer;
  saveLayer: Layer;
  saveLayerChanges: SavedLayer;
  saveSchema: SchemaChangeReport;
  searchCorpus: SearchResult;
  suggestions: readonly Suggestion[];
  corpusProgress: CorpusProgress;
  startExport: ExportStatus;
  exportStatus: ExportStatus;
  loadReview: ReviewData;
  saveGold: GoldLayer;
  agreement: AgreementResult;
  /** Null when no previous version is kept. */
  previousVersion: PreviousVersionInfo | null;
  /** The layer as written (for `gold`, the gold layer with its provenance). */
  restorePreviousVersion: Layer;
  layerHead: LayerHead;
  syncStatus: CorpusSyncStatus;
  linkRemote: CorpusSyncStatus;
  syncCorpus: SyncReport;
  getAssignments: AssignmentsInfo;
  saveAssignments: AssignmentsInfo;
}

/** A layer file's header: null revision when the layer has no file yet. */
export interface LayerHead {
  readonly revision: number | null;
  readonly status: DocumentStatus | null;
}

export interface AssignmentsInfo {
  /** Document id → annotators assigned to it (sorted). */
  readonly documents: Readonly<Record<string, readonly string[]>>;
  /** Everyone known in the corpus: annotators with a layer folder or an assignment, sorted. */
  readonly annotators: readonly string[];
}

export type HostArgs<M extends HostMethod> = z.infer<(typeof hostArgs)[M]>;

/** `T` with every array and object level readonly: what callers may pass (our values are immutable). */
export type DeepReadonly<T> = T extends readonly unknown[]
  ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** What the renderer calls. Every method rejects with a {@link HostError} on failure. */
export type HostApi = { [M in HostMethod]: (...args: DeepReadonly<HostArgs<M>>) => Promise<HostResults[M]> };

/** Validates raw arguments of `method`; throws {@link HostError} `invalid_argument` naming the problem. */
export function parseHostArgs<M extends HostMethod>(method: M, raw: unknown): HostArgs<M> {
  const schema = hostArgs[method] as unknown as z.ZodType<HostArgs<M>>;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new HostError('invalid_argument', `${method}: ${issue?.message ?? 'invalid arguments'}${where}`);
  }
  return parsed.data;
}

export function isHostMethod(name: string): name is HostMethod {
  return Object.prototype.hasOwnProperty.call(hostArgs, name);
}

/** Status values, for exhaustive UI switches. */
export const DOCUMENT_STATUSES: readonly DocumentStatus[] = documentStatus.options;
