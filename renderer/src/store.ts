/**
 * The renderer's one store, in slices: `session` (corpus, annotator), `documents` (the list),
 * `article` (the open document: its layer content, selection, undo history, save state,
 * suggestions and number proposals) and `ui` (language).
 * Components read it through selectors; actions that persist call the host and then `set`.
 * Offsets here are the stored ones: code points into the canonical text.
 */
import { create } from 'zustand';
import type { AssignmentsInfo, DocumentSummary, SavedLayer, Session, Suggestion } from '../../shared/host-contract';
import { HostError } from '../../shared/host-reply';
import { mergeLayers } from '../../shared/corpus/merge-layers';
import { spanChanges } from '../../shared/corpus/span-changes';
import type { SyncReport } from '../../shared/sync/sync-report';
import { assertNever, type AttributeValue, type DocumentMeta, type DocumentStatus, type LabelDef, type Relation, type RejectedSuggestion, type Schema, type Span } from '../../shared/model';
import { readCasualtyCount, type CountReading } from '../../shared/numbers';
import { findReferenceCycles } from '../../shared/schema';
import { CodePointIndex } from '../../shared/text/code-points';
import { quoteContext } from '../../shared/text/quote-context';
import { trimLeadingClitic } from '../../shared/text/trim-clitic';
import { host } from './host';
import { takeStartupCalls } from './startup-calls';
import { loadLanguage, saveLanguage, type Language } from './language';
import { createReviewSlice, type ReviewSlice } from './review/review-slice';
import { translate, type MessageKey } from './i18n';
import { recoverUnsaved, type JournalEntry } from './recovery';
import { clearJournal, readJournal, writeJournal } from './unsaved-journal';
import { errorMessage } from './error-message';
import { sortedSpanDiff, spanOrder } from './span-diff';
import { partitionPoint } from '../../shared/text/partition-point';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'error';

/** Everything of a layer that undo and redo move between: one snapshot per step. */
export interface LayerContent {
  /** Every span, orphans included (they are written back unchanged). Sorted by (start, end, label, id). */
  readonly spans: readonly Span[];
  readonly relations: readonly Relation[];
  readonly rejected: readonly RejectedSuggestion[];
}

export interface Article {
  readonly id: string;
  readonly meta: DocumentMeta;
  readonly text: string;
  readonly index: CodePointIndex;
  readonly content: LayerContent;
  /** The content as it is on disk at {@link revision}: the base of a merge with changes made elsewhere. */
  readonly base: LayerContent;
  /**
   * Whether {@link base} is exactly what the host holds at {@link revision} (not so after the
   * host re-anchored the layer as it read it): only then may a save send just the changes.
   */
  readonly baseStored: boolean;
  /** Spans whose offsets no longer yield their quote, with the reason. Not drawn, never dropped. */
  readonly orphans: ReadonlyMap<string, string>;
  readonly status: DocumentStatus;
  readonly revision: number;
  readonly selectedId: string | null;
  /** A span pointed at from the attribute panel or relation list (hover or focus): drawn linked. */
  readonly linkedId: string | null;
  readonly past: readonly LayerContent[];
  readonly future: readonly LayerContent[];
  readonly nextSpan: number;
  readonly nextRelation: number;
  readonly save: SaveState;
  readonly saveError: string | null;
  /** Proposals from the corpus lexicon (ghosts); those already annotated or rejected are filtered when shown. */
  readonly suggestions: readonly Suggestion[];
  /** The suggestion the keyboard is on (index into the visible ones), or null. */
  readonly suggestionCursor: number | null;
  /** Casualty figures read from a new span's text, waiting for the annotator to confirm or correct. */
  readonly proposals: ReadonlyMap<string, CountReading>;
  /** A message about the last action that was refused (e.g. a reference that would close a cycle). */
  readonly notice: string | null;
  /** A message about the whole layer (edits recovered, reloaded after an outside change, re-anchored), until dismissed. */
  readonly banner: string | null;
}

export interface NewSpan {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

interface SessionSlice {
  session: Session | null;
  sessionError: string | null;
  loadSession(): Promise<void>;
  setAnnotator(name: string): Promise<void>;
  openCorpus(path: string): Promise<void>;
  /** Saves a new schema; resolves with the stored values that no longer fit (kept, shown as such). */
  saveSchema(schema: Schema): Promise<readonly string[]>;
}

interface DocumentsSlice {
  documents: readonly DocumentSummary[];
  documentsError: string | null;
  loadDocuments(): Promise<void>;
  /** Who is assigned to which document (assignments.json); null until loaded. */
  assignments: AssignmentsInfo | null;
  loadAssignments(): Promise<void>;
  /** Show only the documents assigned to the current annotator (their queue). */
  queueOnly: boolean;
  setQueueOnly(on: boolean): void;
  /** After a sync: reload what it changed (schema, document list, assignments, the open layer). */
  afterSync(report: SyncReport): Promise<void>;
}

interface ArticleSlice {
  article: Article | null;
  articleError: string | null;
  /** The document whose opening failed (its layer may be damaged: a previous version can be restored). */
  articleErrorId: string | null;
  /** The document an openArticle call is loading, until it is shown (or fails); null otherwise. */
  opening: string | null;
  /**
   * Opens document `id`. `beforeShowing`, when given, is waited for between reading the document
   * and showing it (the first document opened by itself waits until the document list is still).
   */
  openArticle(id: string, beforeShowing?: () => Promise<void>): Promise<void>;
  /** Adds spans as one undoable step; a span identical to an existing one (label and offsets) is skipped. Returns the new ids. */
  addSpans(spans: readonly NewSpan[]): readonly string[];
  /** Removes a span with every relation touching it and every reference pointing at it, as one step. */
  deleteSpan(id: string): void;
  setAttribute(spanId: string, name: string, value: AttributeValue | undefined): void;
  setNote(spanId: string, note: string): void;
  /** Takes one leading clitic letter off the span (`والعراق` → `العراق`). */
  trimClitic(spanId: string): boolean;
  addRelation(type: string, from: string, to: string): void;
  deleteRelation(id: string): void;
  select(id: string | null): void;
  link(id: string | null): void;
  setStatus(status: DocumentStatus): void;
  acceptProposal(spanId: string): void;
  dismissProposal(spanId: string): void;
  loadSuggestions(): Promise<void>;
  moveSuggestionCursor(step: 1 | -1): void;
  setSuggestionCursor(index: number | null): void;
  acceptSuggestions(suggestions: readonly Suggestion[]): void;
  rejectSuggestions(suggestions: readonly Suggestion[]): void;
  undo(): void;
  redo(): void;
  /** Writes pending changes now; resolves when the layer on disk matches the store. */
  flushSave(): Promise<void>;
  /**
   * Notices a change of the open layer made outside this window (another window, a sync, an
   * editor): when the revision on disk is newer than the one loaded, the layer is read again and
   * merged with the unsaved edits (shared/corpus/merge-layers.ts), and the user is told.
   */
  checkOutsideChanges(): Promise<void>;
  /** Places an orphaned span on a new stretch of text (code points), recomputing its quote. */
  placeOrphan(spanId: string, start: number, end: number): void;
  dismissBanner(): void;
}

/** Dialogs: one at a time. `annotateAll` previews the occurrences of a span's text or of a search. */
export type Dialog =
  | { readonly kind: 'annotator' }
  | { readonly kind: 'corpus' }
  | { readonly kind: 'schema' }
  | { readonly kind: 'progress' }
  | { readonly kind: 'export' }
  | { readonly kind: 'sync' }
  | { readonly kind: 'assignments' }
  | { readonly kind: 'annotateAll'; readonly query: string; readonly label: string; readonly clitics: boolean };

interface UiSlice {
  language: Language;
  setLanguage(language: Language): void;
  dialog: Dialog | null;
  setDialog(dialog: Dialog | null): void;
  /** Hits of the current search in the open document (code points), drawn in the article. */
  searchHits: readonly { readonly start: number; readonly end: number }[];
  setSearchHits(hits: readonly { readonly start: number; readonly end: number }[]): void;
}

export type HashiyaState = SessionSlice & DocumentsSlice & ArticleSlice & UiSlice & ReviewSlice;

/** Delay between the last edit and the autosave, in milliseconds. */
const AUTOSAVE_DELAY = 250;
/** A save not acknowledged within this many milliseconds has its edits journaled meanwhile. */
const JOURNAL_AFTER_MS = 1_000;
const MAX_HISTORY = 500;


export { spanOrder };

function idNumber(id: string, prefix: string): number {
  const match = new RegExp(`^${prefix}(\\d+)$`).exec(id);
  return match ? Number(match[1]) : 0;
}

/**
 * The next free span and relation numbers for `content`: above every id in it, and never below
 * `at least` (ids are not reused within a session, even after a delete).
 */
function nextIds(content: LayerContent, atLeast: { readonly nextSpan: number; readonly nextRelation: number } = { nextSpan: 1, nextRelation: 1 }): { nextSpan: number; nextRelation: number } {
  let nextSpan = atLeast.nextSpan;
  let nextRelation = atLeast.nextRelation;
  for (const s of content.spans) nextSpan = Math.max(nextSpan, idNumber(s.id, 's') + 1);
  for (const r of content.relations) nextRelation = Math.max(nextRelation, idNumber(r.id, 'r') + 1);
  return { nextSpan, nextRelation };
}

/** A span or suggestion's place: its offsets and label (a span there takes the suggestion's place). */
type Place = { readonly start: number; readonly end: number; readonly label: string };

/**
 * The item of `items` (sorted by start: spans by {@link spanOrder}, suggestions as the host gives
 * them) with this label and offsets, if any. O(log n + the items starting at `start`).
 */
function findAt<T extends Place>(items: readonly T[], label: string, start: number, end: number): T | undefined {
  for (let i = partitionPoint(items.length, (k) => (items[k] as T).start < start); i < items.length && (items[i] as T).start === start; i++) {
    const item = items[i] as T;
    if (item.end === end && item.label === label) return item;
  }
  return undefined;
}

/** `spans` and `added`, both sorted by {@link spanOrder}, merged into one sorted array. O(n + k). */
function mergeSpans(spans: readonly Span[], added: readonly Span[]): Span[] {
  const merged: Span[] = [];
  let i = 0;
  for (const span of added) {
    while (i < spans.length && spanOrder(spans[i] as Span, span) <= 0) merged.push(spans[i++] as Span);
    merged.push(span);
  }
  while (i < spans.length) merged.push(spans[i++] as Span);
  return merged;
}

/** The last answer of {@link visibleSuggestions}, with the arrays it was computed from. */
let visibleCache: {
  readonly suggestions: readonly Suggestion[];
  readonly spans: readonly Span[];
  readonly rejected: readonly RejectedSuggestion[];
  readonly visible: readonly Suggestion[];
} | null = null;

/**
 * Whether any of `suggestions` lies at `place`'s offsets with its label. By halving when the list
 * is sorted by start (as the host gives it; checked once per list), else by a set of places made
 * once per list: the first key press after a long article's suggestions arrive (23,000 of them at
 * 5,000 spans) should not have to build that set.
 */
function suggestedAt(suggestions: readonly Suggestion[], place: Place): boolean {
  let index = suggestionIndex.get(suggestions);
  if (index === undefined) {
    let sorted = true;
    for (let i = 1; i < suggestions.length && sorted; i++) sorted = (suggestions[i] as Suggestion).start >= (suggestions[i - 1] as Suggestion).start;
    index = sorted ? 'sorted' : new Set(suggestions.map(placeKey));
    suggestionIndex.set(suggestions, index);
  }
  if (index !== 'sorted') return index.has(placeKey(place));
  return findAt(suggestions, place.label, place.start, place.end) !== undefined;
}

function placeKey(s: Place): string {
  return `${s.start}:${s.end}:${s.label}`;
}

/** Per list of suggestions: 'sorted' (by start), or the set of their {@link placeKey}s. */
const suggestionIndex = new WeakMap<readonly Suggestion[], 'sorted' | ReadonlySet<string>>();

/**
 * The suggestions still worth showing: not already a span of that label there, not rejected.
 * O(s + n + r) for s suggestions sorted by start (as the host gives them; O(s log n) otherwise),
 * n spans and r rejected ones. The last answer is reused while the suggestions, spans and
 * rejected ones are the same arrays, and the last array is returned again when the answer has
 * not changed, so that what is computed from it need not be computed again. When only the spans
 * changed, and none of the spans added or taken away ({@link sortedSpanDiff}) lies where a
 * suggestion of its label does, the answer is the last one without a look at the suggestions: a
 * key press that labels words no suggestion proposed costs O(n) pointer comparisons.
 */
export function visibleSuggestions(article: Pick<Article, 'content' | 'suggestions'>): readonly Suggestion[] {
  const { suggestions, content: { spans, rejected } } = article;
  const last = visibleCache;
  if (last && last.suggestions === suggestions && last.rejected === rejected) {
    if (last.spans === spans) return last.visible;
    const diff = suggestions.length === 0 ? null : sortedSpanDiff(last.spans, spans);
    if (diff) {
      if (!diff.added.some((s) => suggestedAt(suggestions, s)) && !diff.removed.some((s) => suggestedAt(suggestions, s))) {
        visibleCache = { ...last, spans };
        return last.visible;
      }
    }
  }
  let visible = suggestions;
  if (suggestions.length > 0) {
    const refused = new Map<number, RejectedSuggestion[]>();
    for (const r of rejected) refused.set(r.start, [...(refused.get(r.start) ?? []), r]);
    const kept: Suggestion[] = [];
    // Spans are sorted by start: walk them alongside the suggestions while those come in order.
    let k = 0;
    let reached = -Infinity;
    for (const s of suggestions) {
      let taken: boolean;
      if (s.start >= reached) {
        reached = s.start;
        while (k < spans.length && (spans[k] as Span).start < s.start) k++;
        taken = false;
        for (let i = k; i < spans.length && (spans[i] as Span).start === s.start; i++) {
          const span = spans[i] as Span;
          if (span.end === s.end && span.label === s.label) taken = true;
        }
      } else taken = findAt(spans, s.label, s.start, s.end) !== undefined;
      if (!taken && !refused.get(s.start)?.some((r) => r.end === s.end && r.label === s.label)) kept.push(s);
    }
    visible = kept.length === suggestions.length ? suggestions : kept;
  }
  const previous = last?.visible;
  if (previous && previous.length === visible.length && previous.every((s, i) => s === visible[i])) visible = previous;
  visibleCache = { suggestions, spans, rejected, visible };
  return visible;
}

/** The label definition of a span's label in the session's schema. */
export function labelDef(schema: Schema | undefined, label: string): LabelDef | undefined {
  return schema?.labels.find((l) => l.name === label);
}

/** Whether a label carries casualty figures (the schema gives it `value` and `qualifier`). */
function countsPeople(def: LabelDef | undefined): boolean {
  return !!def && def.attributes.some((a) => a.name === 'value') && def.attributes.some((a) => a.name === 'qualifier');
}

export const useHashiya = create<HashiyaState>()((set, get) => {
  const review = createReviewSlice(set, get);
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> | null = null;
  /**
   * The document list asked for together with the first session (see loadSession), until the
   * first loadDocuments takes it; dropped when the session changes first (an annotator chosen, a
   * corpus opened). Null once taken or dropped, and before the first session is asked for.
   */
  let listingWithSession: Promise<readonly DocumentSummary[]> | null = null;
  let sessionAsked = false;

  function schema(): Schema | undefined {
    return get().session?.corpus?.schema;
  }

  /** Replaces the article's layer content as one undoable step and schedules the autosave. */
  function commit(content: LayerContent, changes: Partial<Article> = {}): void {
    const article = get().article;
    if (!article) return;
    set({
      article: {
        ...article,
        ...changes,
        content,
        past: [...article.past, article.content].slice(-MAX_HISTORY),
        future: [],
        status: article.status === 'not_started' ? 'in_progress' : article.status,
        save: 'unsaved',
      },
    });
    scheduleSave();
  }

  function updateArticle(changes: Partial<Article>): void {
    const article = get().article;
    if (article) set({ article: { ...article, ...changes } });
  }

  function scheduleSave(): void {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = null;
      void get().flushSave();
    }, AUTOSAVE_DELAY);
  }

  /** The journal entry last written and not yet cleared (see saveOnce). */
  let pendingJournal: JournalEntry | null = null;

  async function saveOnce(): Promise<void> {
    const article = get().article;
    if (!article || article.save === 'saved') return;
    const sent = article.content;
    const sentStatus = article.status;
    set({ article: { ...article, save: 'saving', saveError: null } });
    // The journal holds the edits until the host has them: a crash of either side loses nothing.
    // It is written when the host is slow to acknowledge or the save fails, not at every save:
    // copying a layer of thousands of spans into IndexedDB is a long task, and a save that the
    // host acknowledges in time needs no second copy.
    const journal = journalEntry(article);
    const writeOnce = () => {
      if (journal && pendingJournal !== journal) {
        pendingJournal = journal;
        void writeJournal(journal);
      }
    };
    const slow = setTimeout(writeOnce, JOURNAL_AFTER_MS);
    try {
      const toInput = ({ id, label, start, end, text, attributes, note }: Span) => ({ id, label, start, end, text, attributes, note });
      const whole = {
        relations: sent.relations.map(({ id, type, from, to }) => ({ id, type, from, to })),
        rejected: sent.rejected.map(({ label, start, end }) => ({ label, start, end })),
        status: sentStatus,
        expectedRevision: article.revision,
      };
      // Only what changed since the revision the host holds: a save at 20,000 spans then costs
      // this side one span's serialisation, not the layer's (see shared/corpus/span-changes.ts).
      let layer: SavedLayer;
      if (article.baseStored) {
        const { upsert, remove } = spanChanges(article.base.spans, sent.spans);
        layer = await host.saveLayerChanges(article.id, { upsert: upsert.map(toInput), remove: [...remove], ...whole });
      } else {
        const saved = await host.saveLayer(article.id, { spans: sent.spans.map(toInput), ...whole });
        layer = { revision: saved.revision, status: saved.status, spans: saved.spans.length };
      }
      clearTimeout(slow);
      const now = get().article;
      if (!now || now.id !== article.id) return;
      const changedMeanwhile = now.content !== sent || now.status !== sentStatus;
      // Everything is on disk: whatever was journaled for this layer (by this save or an earlier,
      // slow one) is done with.
      const written = pendingJournal;
      if (!changedMeanwhile && written && written.documentId === article.id) {
        pendingJournal = null;
        void clearJournal(written.corpus, written.annotator, written.documentId, written.writtenAt);
      }
      set({
        article: { ...now, revision: layer.revision, base: sent, baseStored: true, save: changedMeanwhile ? 'unsaved' : 'saved', saveError: null },
        documents: get().documents.map((d) => (d.id === article.id ? { ...d, status: layer.status, spans: layer.spans, problem: null } : d)),
      });
      if (changedMeanwhile) scheduleSave();
    } catch (error) {
      clearTimeout(slow);
      writeOnce();
      const now = get().article;
      if (now && now.id === article.id) {
        const text =
          error instanceof HostError && error.code === 'conflict'
            ? `Not saved: ${errorMessage(error)} The other version is read and merged with yours in a moment.`
            : `Not saved: ${errorMessage(error)}`;
        set({ article: { ...now, save: 'error', saveError: text } });
      }
    }
  }

  function journalEntry(article: Article): JournalEntry | null {
    const session = get().session;
    if (!session?.corpus || !session.annotator) return null;
    return {
      corpus: session.corpus.root,
      annotator: session.annotator,
      documentId: article.id,
      textSha256: article.meta.sha256,
      baseRevision: article.revision,
      base: article.base,
      content: article.content,
      status: article.status,
      writtenAt: new Date().toISOString(),
    };
  }

  function say(key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
    return translate(get().language, key, params);
  }

  /** Which call of openArticle is the latest: an answer to an older one is dropped. */
  let openSerial = 0;

  /** Puts back unsaved edits the journal kept for the document just opened (after a crash), and says so. */
  async function recoverJournal(id: string, serial: number): Promise<void> {
    const session = get().session;
    const article = get().article;
    if (!session?.corpus || !session.annotator || !article || article.id !== id) return;
    const entry = await readJournal(session.corpus.root, session.annotator, id);
    const now = get().article;
    if (!entry || serial !== openSerial || !now || now.id !== id) return;
    const when = new Date(entry.writtenAt).toLocaleString();
    const recovery = recoverUnsaved(entry, now.base, now.revision, now.status, now.meta.sha256, session.corpus.schema);
    switch (recovery.kind) {
      case 'nothing':
        void clearJournal(entry.corpus, entry.annotator, id, entry.writtenAt);
        return;
      case 'text-changed':
        set({ article: { ...now, banner: say('recoveryTextChanged', { when }) } });
        return;
      case 'restore':
        pendingJournal = entry; // cleared once the restored edits are saved
        set({
          article: {
            ...now,
            content: recovery.content,
            status: recovery.status,
            past: [now.content],
            ...nextIds(recovery.content, now),
            save: 'unsaved',
            banner: recovery.merged ? say('recoveredMerged', { when, n: recovery.conflicts.length }) : say('recovered', { when }),
          },
        });
        scheduleSave();
        return;
      default:
        assertNever(recovery, 'recovery');
    }
  }

  function makeSpan(article: Article, id: string, input: NewSpan): Span {
    const quote = quoteContext(article.text, input.start, input.end);
    return { id, label: input.label, start: input.start, end: input.end, text: quote.text, prefix: quote.prefix, suffix: quote.suffix, attributes: input.attributes ?? {}, note: '' };
  }

  function replaceSpan(content: LayerContent, span: Span): LayerContent {
    return { ...content, spans: content.spans.map((s) => (s.id === span.id ? span : s)).sort(spanOrder) };
  }

  return {
    ...review,
    session: null,
    sessionError: null,
    documents: [],
    documentsError: null,
    article: null,
    articleError: null,
    articleErrorId: null,
    opening: null,
    assignments: null,
    queueOnly: false,
    language: loadLanguage(),
    dialog: null,
    searchHits: [],

    setLanguage(language) {
      saveLanguage(language);
      set({ language });
    },
    setDialog(dialog) {
      set({ dialog });
    },
    setSearchHits(hits) {
      set({ searchHits: hits });
    },

    async loadSession() {
      // At start the document list is asked for at once, beside the session, not after it: the
      // host is busiest then, and each round trip waits its turn (bench, 10,000 documents:
      // getSession alone took 60–500 ms). It fails when the host has no corpus yet; then it is
      // not taken. Both were asked for when the page's script began (startup-calls.ts), unless
      // the store runs without main.tsx.
      let asking: Promise<Session>;
      if (!sessionAsked) {
        sessionAsked = true;
        const early = takeStartupCalls();
        listingWithSession = early?.documents ?? host.listDocuments();
        listingWithSession.catch(() => undefined);
        asking = early?.session ?? host.getSession();
      } else asking = host.getSession();
      try {
        set({ session: await asking, sessionError: null });
      } catch (error) {
        set({ sessionError: errorMessage(error) });
      }
    },

    async setAnnotator(name) {
      listingWithSession = null;
      await get().flushSave();
      const session = await host.setAnnotator(name);
      set({ session, article: null });
      await get().loadDocuments();
    },

    async openCorpus(path) {
      listingWithSession = null;
      await get().flushSave();
      const session = await host.openCorpus(path);
      set({ session, article: null, documents: [] });
      await get().loadDocuments();
    },

    async saveSchema(next) {
      await get().flushSave();
      const report = await host.saveSchema(next);
      set({ session: report.session });
      return report.unfit.map((u) => `${u.document} · ${u.annotator} · ${u.spanId}: ${u.message}`);
    },

    async loadDocuments() {
      const early = listingWithSession;
      listingWithSession = null;
      try {
        // The list asked for with the session, else (or when that call failed) a fresh one.
        const documents = early === null ? await host.listDocuments() : await early.catch(() => host.listDocuments());
        set({ documents, documentsError: null });
      } catch (error) {
        set({ documentsError: errorMessage(error) });
      }
    },

    async openArticle(id, beforeShowing) {
      // The open document is not read again (a second click on its row, or the first document
      // opened by itself while the user clicks it): that would drop its notices, such as edits
      // just recovered. Changes on disk are picked up by checkOutsideChanges.
      if (get().article?.id === id) return;
      const serial = ++openSerial;
      set({ opening: id });
      await get().flushSave();
      try {
        const [{ meta, text }, { layer, orphans, reanchored, moved }] = await Promise.all([host.openDocument(id), host.loadLayer(id)]);
        if (beforeShowing) await beforeShowing();
        if (serial !== openSerial) return;
        const spans = [...layer.spans].sort(spanOrder);
        const loaded: LayerContent = { spans, relations: layer.relations, rejected: layer.rejected };
        set({
          opening: null,
          articleError: null,
          searchHits: [],
          article: {
            id,
            meta,
            text,
            index: new CodePointIndex(text),
            content: loaded,
            base: loaded,
            baseStored: !reanchored,
            orphans: new Map(orphans.map((o) => [o.spanId, o.message])),
            status: layer.status,
            revision: layer.revision,
            selectedId: null,
            linkedId: null,
            past: [],
            future: [],
            ...nextIds(loaded),
            saveError: null,
            suggestions: [],
            suggestionCursor: null,
            proposals: new Map(),
            notice: null,
            banner: reanchored ? say('reanchoredNotice', { moved: moved.length, orphans: orphans.length }) : null,
            save: reanchored ? 'unsaved' : 'saved',
          },
        });
        if (reanchored) scheduleSave();
        await recoverJournal(id, serial);
        void get().loadSuggestions();
      } catch (error) {
        if (serial === openSerial) set({ opening: null, articleError: errorMessage(error), articleErrorId: id });
      }
    },

    addSpans(inputs) {
      const article = get().article;
      if (!article) return [];
      const existing = new Set<string>();
      const added: Span[] = [];
      const proposals = new Map(article.proposals);
      let next = article.nextSpan;
      for (const input of inputs) {
        const key = `${input.label}\u0000${input.start}\u0000${input.end}`;
        if (input.end <= input.start || existing.has(key) || findAt(article.content.spans, input.label, input.start, input.end)) continue;
        existing.add(key);
        const span = makeSpan(article, `s${next++}`, input);
        added.push(span);
        if (countsPeople(labelDef(schema(), span.label))) {
          const reading = readCasualtyCount(span.text);
          if (reading) proposals.set(span.id, reading);
        }
      }
      if (added.length === 0) {
        const only = inputs.length === 1 ? inputs[0] : undefined;
        const same = only ? findAt(article.content.spans, only.label, only.start, only.end) : undefined;
        if (same) updateArticle({ selectedId: same.id });
        return [];
      }
      commit(
        { ...article.content, spans: mergeSpans(article.content.spans, [...added].sort(spanOrder)) },
        { nextSpan: next, selectedId: added.length === 1 ? (added[0]?.id ?? null) : article.selectedId, proposals },
      );
      return added.map((s) => s.id);
    },

    deleteSpan(id) {
      const article = get().article;
      if (!article || !article.content.spans.some((s) => s.id === id)) return;
      const spans: Span[] = [];
      for (const s of article.content.spans) {
        if (s.id === id) continue;
        let attributes: Record<string, AttributeValue> | null = null;
        for (const name in s.attributes) {
          if (s.attributes[name] !== id) continue;
          attributes ??= { ...s.attributes };
          delete attributes[name];
        }
        spans.push(attributes ? { ...s, attributes } : s);
      }
      const relations = article.content.relations.filter((r) => r.from !== id && r.to !== id);
      commit({ ...article.content, spans, relations }, { selectedId: null, linkedId: null });
    },

    setAttribute(spanId, name, value) {
      const article = get().article;
      const span = article?.content.spans.find((s) => s.id === spanId);
      if (!article || !span || span.attributes[name] === value) return;
      const attributes = { ...span.attributes };
      if (value === undefined || value === '') delete attributes[name];
      else attributes[name] = value;
      const content = replaceSpan(article.content, { ...span, attributes });
      const current = schema();
      const cycles = current ? findReferenceCycles(content.spans, current) : [];
      if (cycles.length > 0) {
        const quote = (id: string) => content.spans.find((s) => s.id === id)?.text.replace(/\n/g, ' ') ?? id;
        updateArticle({ notice: `${name} not set: it would close a cycle of references (${(cycles[0] ?? []).map(quote).join(' → ')}).` });
        return;
      }
      commit(content, { notice: null });
    },

    setNote(spanId, note) {
      const article = get().article;
      const span = article?.content.spans.find((s) => s.id === spanId);
      if (!article || !span || span.note === note) return;
      commit(replaceSpan(article.content, { ...span, note }));
    },

    trimClitic(spanId) {
      const article = get().article;
      const span = article?.content.spans.find((s) => s.id === spanId);
      if (!article || !span || article.orphans.has(spanId)) return false;
      const trimmed = trimLeadingClitic(article.text, span.start, span.end);
      if (!trimmed) return false;
      const quote = quoteContext(article.text, trimmed.start, trimmed.end);
      commit(replaceSpan(article.content, { ...span, start: trimmed.start, end: trimmed.end, text: quote.text, prefix: quote.prefix, suffix: quote.suffix }));
      return true;
    },

    addRelation(type, from, to) {
      const article = get().article;
      if (!article || from === to) return;
      if (article.content.relations.some((r) => r.type === type && r.from === from && r.to === to)) return;
      const relation: Relation = { id: `r${article.nextRelation}`, type, from, to };
      commit({ ...article.content, relations: [...article.content.relations, relation] }, { nextRelation: article.nextRelation + 1 });
    },

    deleteRelation(id) {
      const article = get().article;
      if (!article || !article.content.relations.some((r) => r.id === id)) return;
      commit({ ...article.content, relations: article.content.relations.filter((r) => r.id !== id) }, { linkedId: null });
    },

    select(id) {
      const article = get().article;
      if (article && article.selectedId !== id) set({ article: { ...article, selectedId: id, suggestionCursor: null, notice: null } });
    },

    link(id) {
      const article = get().article;
      if (article && article.linkedId !== id) set({ article: { ...article, linkedId: id } });
    },

    setStatus(status) {
      const article = get().article;
      if (!article || article.status === status) return;
      set({ article: { ...article, status, save: 'unsaved' } });
      scheduleSave();
    },

    acceptProposal(spanId) {
      const article = get().article;
      const reading = article?.proposals.get(spanId);
      const span = article?.content.spans.find((s) => s.id === spanId);
      if (!article || !reading || !span) return;
      const attributes: Record<string, AttributeValue> = { ...span.attributes };
      const put = (name: string, value: AttributeValue | null) => {
        if (value !== null && value !== '') attributes[name] = value;
      };
      put('value', reading.value);
      put('min', reading.min);
      put('max', reading.max);
      put('qualifier', reading.qualifier);
      put('outcome', reading.outcome);
      if (reading.assertedZero) attributes.asserted_zero = true;
      const proposals = new Map(article.proposals);
      proposals.delete(spanId);
      commit(replaceSpan(article.content, { ...span, attributes }), { proposals });
    },

    dismissProposal(spanId) {
      const article = get().article;
      if (!article || !article.proposals.has(spanId)) return;
      const proposals = new Map(article.proposals);
      proposals.delete(spanId);
      updateArticle({ proposals });
    },

    async loadSuggestions() {
      const article = get().article;
      if (!article) return;
      try {
        const suggestions = await host.suggestions(article.id);
        const now = get().article;
        if (now && now.id === article.id) set({ article: { ...now, suggestions, suggestionCursor: null } });
      } catch {
        // Suggestions are a help, not a must: a failure leaves none shown.
      }
    },

    moveSuggestionCursor(step) {
      const article = get().article;
      if (!article) return;
      const count = visibleSuggestions(article).length;
      if (count === 0) {
        updateArticle({ suggestionCursor: null });
        return;
      }
      const current = article.suggestionCursor;
      const next = current === null ? (step === 1 ? 0 : count - 1) : (current + step + count) % count;
      updateArticle({ suggestionCursor: next, selectedId: null });
    },

    setSuggestionCursor(index) {
      updateArticle({ suggestionCursor: index, selectedId: null });
    },

    acceptSuggestions(suggestions) {
      const article = get().article;
      if (!article || suggestions.length === 0) return;
      get().addSpans(suggestions.map(({ label, start, end }) => ({ label, start, end })));
      const now = get().article;
      if (now) set({ article: { ...now, suggestionCursor: clampCursor(now) } });
    },

    rejectSuggestions(suggestions) {
      const article = get().article;
      if (!article || suggestions.length === 0) return;
      const rejected = [...article.content.rejected, ...suggestions.map(({ label, start, end }) => ({ label, start, end }))].sort(
        (a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
      );
      commit({ ...article.content, rejected });
      const now = get().article;
      if (now) set({ article: { ...now, suggestionCursor: clampCursor(now) } });
    },

    undo() {
      const article = get().article;
      const previous = article?.past[article.past.length - 1];
      if (!article || !previous) return;
      set({
        article: {
          ...article,
          content: previous,
          past: article.past.slice(0, -1),
          future: [article.content, ...article.future],
          selectedId: previous.spans.some((s) => s.id === article.selectedId) ? article.selectedId : null,
          save: 'unsaved',
        },
      });
      scheduleSave();
    },

    redo() {
      const article = get().article;
      const next = article?.future[0];
      if (!article || !next) return;
      set({
        article: {
          ...article,
          content: next,
          past: [...article.past, article.content],
          future: article.future.slice(1),
          selectedId: next.spans.some((s) => s.id === article.selectedId) ? article.selectedId : null,
          save: 'unsaved',
        },
      });
      scheduleSave();
    },

    async checkOutsideChanges() {
      const article = get().article;
      if (!article || saving || article.save === 'saving') return;
      let head;
      try {
        head = await host.layerHead(article.id);
      } catch {
        return; // the host is away: the save indicator already says so
      }
      if (head.revision === null || head.revision <= article.revision) return;
      const loaded = await host.loadLayer(article.id);
      const now = get().article;
      if (!now || now.id !== article.id || saving || now.save === 'saving' || loaded.layer.revision <= now.revision) return;
      const theirs: LayerContent = { spans: [...loaded.layer.spans].sort(spanOrder), relations: loaded.layer.relations, rejected: loaded.layer.rejected };
      const schema = get().session?.corpus?.schema;
      const unsaved = now.content !== now.base;
      const merged = unsaved && schema ? mergeLayers(now.base, now.content, theirs, schema) : null;
      const content: LayerContent = merged ? { spans: [...merged.content.spans].sort(spanOrder), relations: merged.content.relations, rejected: merged.content.rejected } : theirs;
      const conflicts = merged?.conflicts.length ?? 0;
      set({
        article: {
          ...now,
          content,
          base: theirs,
          baseStored: !loaded.reanchored,
          revision: loaded.layer.revision,
          status: unsaved ? now.status : loaded.layer.status,
          orphans: new Map(loaded.orphans.map((o) => [o.spanId, o.message])),
          past: [],
          future: [],
          selectedId: content.spans.some((s) => s.id === now.selectedId) ? now.selectedId : null,
          ...nextIds(content, now),
          save: merged?.changedFromTheirs ? 'unsaved' : 'saved',
          banner: conflicts > 0 ? say('reloadedOutsideConflicts', { revision: loaded.layer.revision, n: conflicts }) : say('reloadedOutside', { revision: loaded.layer.revision }),
        },
      });
      if (merged?.changedFromTheirs) scheduleSave();
    },

    dismissBanner() {
      const article = get().article;
      if (article?.banner) set({ article: { ...article, banner: null } });
    },

    placeOrphan(spanId, start, end) {
      const article = get().article;
      const span = article?.content.spans.find((s) => s.id === spanId);
      if (!article || !span || end <= start) return;
      const quote = quoteContext(article.text, start, end);
      const orphans = new Map(article.orphans);
      orphans.delete(spanId);
      commit(replaceSpan(article.content, { ...span, start, end, text: quote.text, prefix: quote.prefix, suffix: quote.suffix }), { orphans, selectedId: spanId });
    },

    async loadAssignments() {
      try {
        set({ assignments: await host.getAssignments() });
      } catch {
        set({ assignments: null });
      }
    },

    setQueueOnly(on) {
      set({ queueOnly: on });
    },

    async afterSync(report) {
      const state = get();
      if (report.incoming.schemaChanged) await state.loadSession();
      await Promise.all([state.loadDocuments(), state.loadAssignments()]);
      const article = get().article;
      if (!article) return;
      // ownLayers lists every layer of ours the sync changed here, merged ones included.
      if (report.incoming.ownLayers.includes(article.id)) await get().checkOutsideChanges();
    },

    async flushSave() {
      for (;;) {
        if (saving) {
          await saving;
          continue;
        }
        if (saveTimer) {
          clearTimeout(saveTimer);
          saveTimer = null;
        }
        const article = get().article;
        if (!article || article.save === 'saved' || article.save === 'error') return;
        saving = saveOnce().finally(() => {
          saving = null;
        });
        await saving;
      }
    },
  };
});

function clampCursor(article: Article): number | null {
  const count = visibleSuggestions(article).length;
  if (article.suggestionCursor === null || count === 0) return null;
  return Math.min(article.suggestionCursor, count - 1);
}
