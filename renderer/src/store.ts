/**
 * The renderer's one store, in slices: `session` (corpus, annotator), `documents` (the list),
 * `article` (the open document, its spans, selection, undo history and save state).
 * Components read it through selectors; actions that persist call the host and then `set`.
 * Spans here are the stored ones: code point offsets into the canonical text.
 */
import { create } from 'zustand';
import { HostError, type DocumentSummary, type Session } from '../../shared/host-contract';
import type { DocumentMeta, DocumentStatus, Span } from '../../shared/model';
import { CodePointIndex } from '../../shared/text/code-points';
import { quoteContext } from '../../shared/text/quote-context';
import { host } from './host';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'error';

export interface Article {
  readonly id: string;
  readonly meta: DocumentMeta;
  readonly text: string;
  readonly index: CodePointIndex;
  /** Every span of the layer, orphans included (they are written back unchanged). */
  readonly spans: readonly Span[];
  /** Spans whose offsets no longer yield their quote, with the reason. Not drawn, never dropped. */
  readonly orphans: ReadonlyMap<string, string>;
  readonly status: DocumentStatus;
  readonly revision: number;
  readonly selectedId: string | null;
  readonly past: readonly (readonly Span[])[];
  readonly future: readonly (readonly Span[])[];
  readonly nextId: number;
  readonly save: SaveState;
  readonly saveError: string | null;
}

interface SessionSlice {
  session: Session | null;
  sessionError: string | null;
  loadSession(): Promise<void>;
  setAnnotator(name: string): Promise<void>;
  openCorpus(path: string): Promise<void>;
}

interface DocumentsSlice {
  documents: readonly DocumentSummary[];
  documentsError: string | null;
  loadDocuments(): Promise<void>;
}

interface ArticleSlice {
  article: Article | null;
  articleError: string | null;
  openArticle(id: string): Promise<void>;
  /** Adds a span `[start, end)` (code points) with `label`; an identical span is selected instead. */
  addSpan(label: string, start: number, end: number): void;
  deleteSpan(id: string): void;
  select(id: string | null): void;
  undo(): void;
  redo(): void;
  /** Writes pending changes now; resolves when the layer on disk matches the store. */
  flushSave(): Promise<void>;
}

export type HashiyaState = SessionSlice & DocumentsSlice & ArticleSlice;

/** Delay between the last edit and the autosave, in milliseconds. */
const AUTOSAVE_DELAY = 250;
const MAX_HISTORY = 500;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function spanOrder(a: Span, b: Span): number {
  return a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function spanNumber(id: string): number {
  const match = /^s(\d+)$/.exec(id);
  return match ? Number(match[1]) : 0;
}

export const useHashiya = create<HashiyaState>()((set, get) => {
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> | null = null;

  /** Replaces the article's spans as one undoable step and schedules the autosave. */
  function commit(spans: readonly Span[], selectedId: string | null, nextId?: number): void {
    const article = get().article;
    if (!article) return;
    set({
      article: {
        ...article,
        spans,
        selectedId,
        nextId: nextId ?? article.nextId,
        past: [...article.past, article.spans].slice(-MAX_HISTORY),
        future: [],
        status: article.status === 'not_started' ? 'in_progress' : article.status,
        save: 'unsaved',
      },
    });
    scheduleSave();
  }

  function scheduleSave(): void {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = null;
      void get().flushSave();
    }, AUTOSAVE_DELAY);
  }

  async function saveOnce(): Promise<void> {
    const article = get().article;
    if (!article || article.save === 'saved') return;
    const sent = article.spans;
    set({ article: { ...article, save: 'saving', saveError: null } });
    try {
      const layer = await host.saveLayer(article.id, {
        spans: sent.map(({ id, label, start, end, text }) => ({ id, label, start, end, text })),
        status: article.status,
        expectedRevision: article.revision,
      });
      const now = get().article;
      if (!now || now.id !== article.id) return;
      const changedMeanwhile = now.spans !== sent;
      set({ article: { ...now, revision: layer.revision, save: changedMeanwhile ? 'unsaved' : 'saved', saveError: null } });
      set({
        documents: get().documents.map((d) => (d.id === article.id ? { ...d, status: layer.status, spans: layer.spans.length, problem: null } : d)),
      });
      if (changedMeanwhile) scheduleSave();
    } catch (error) {
      const now = get().article;
      if (now && now.id === article.id) {
        const text = error instanceof HostError && error.code === 'conflict'
          ? `Not saved: ${message(error)} Reload the document to see the other changes.`
          : `Not saved: ${message(error)}`;
        set({ article: { ...now, save: 'error', saveError: text } });
      }
    }
  }

  return {
    session: null,
    sessionError: null,
    documents: [],
    documentsError: null,
    article: null,
    articleError: null,

    async loadSession() {
      try {
        set({ session: await host.getSession(), sessionError: null });
      } catch (error) {
        set({ sessionError: message(error) });
      }
    },

    async setAnnotator(name) {
      await get().flushSave();
      const session = await host.setAnnotator(name);
      set({ session, article: null });
      await get().loadDocuments();
    },

    async openCorpus(path) {
      await get().flushSave();
      const session = await host.openCorpus(path);
      set({ session, article: null, documents: [] });
      await get().loadDocuments();
    },

    async loadDocuments() {
      try {
        set({ documents: await host.listDocuments(), documentsError: null });
      } catch (error) {
        set({ documentsError: message(error) });
      }
    },

    async openArticle(id) {
      await get().flushSave();
      try {
        const [{ meta, text }, { layer, orphans }] = await Promise.all([host.openDocument(id), host.loadLayer(id)]);
        const spans = [...layer.spans].sort(spanOrder);
        set({
          articleError: null,
          article: {
            id,
            meta,
            text,
            index: new CodePointIndex(text),
            spans,
            orphans: new Map(orphans.map((o) => [o.spanId, o.message])),
            status: layer.status,
            revision: layer.revision,
            selectedId: null,
            past: [],
            future: [],
            nextId: spans.reduce((max, s) => Math.max(max, spanNumber(s.id)), 0) + 1,
            save: 'saved',
            saveError: null,
          },
        });
      } catch (error) {
        set({ articleError: message(error) });
      }
    },

    addSpan(label, start, end) {
      const article = get().article;
      if (!article || end <= start) return;
      const same = article.spans.find((s) => s.label === label && s.start === start && s.end === end);
      if (same) {
        set({ article: { ...article, selectedId: same.id } });
        return;
      }
      const quote = quoteContext(article.text, start, end);
      const span: Span = { id: `s${article.nextId}`, label, start, end, text: quote.text, prefix: quote.prefix, suffix: quote.suffix };
      commit([...article.spans, span].sort(spanOrder), span.id, article.nextId + 1);
    },

    deleteSpan(id) {
      const article = get().article;
      if (!article || !article.spans.some((s) => s.id === id)) return;
      commit(
        article.spans.filter((s) => s.id !== id),
        null,
      );
    },

    select(id) {
      const article = get().article;
      if (article && article.selectedId !== id) set({ article: { ...article, selectedId: id } });
    },

    undo() {
      const article = get().article;
      const previous = article?.past[article.past.length - 1];
      if (!article || !previous) return;
      set({
        article: {
          ...article,
          spans: previous,
          past: article.past.slice(0, -1),
          future: [article.spans, ...article.future],
          selectedId: previous.some((s) => s.id === article.selectedId) ? article.selectedId : null,
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
          spans: next,
          past: [...article.past, article.spans],
          future: article.future.slice(1),
          selectedId: next.some((s) => s.id === article.selectedId) ? article.selectedId : null,
          save: 'unsaved',
        },
      });
      scheduleSave();
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
