import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { queueOf } from '../../../shared/corpus/assignments';
import type { DocumentSummary } from '../../../shared/host-contract';
import type { DocumentStatus } from '../../../shared/model';
import { assertNever } from '../../../shared/model';
import { useT, type Translate } from '../i18n';
import { useHashiya } from '../store';
import { VirtualList, type VirtualListHandle } from './VirtualList';
import { noteListScroll } from '../event-pause';
import { refreshWhenListStill } from './pending-refresh';

export function statusName(t: Translate, status: DocumentStatus): string {
  switch (status) {
    case 'not_started':
      return t('notStarted');
    case 'in_progress':
      return t('inProgress');
    case 'done':
      return t('done');
    default:
      return assertNever(status, 'status');
  }
}

export function statusText(t: Translate, status: DocumentStatus, spans: number): string {
  if (status === 'not_started' && spans === 0) return statusName(t, status);
  return `${statusName(t, status)} · ${spans === 1 ? t('spanCountOne') : t('spanCount', { n: spans })}`;
}

/** Pixels per document row, the gap below it included; the `.documents .virtual-row` CSS fits in it. */
const DOCUMENT_ROW_HEIGHT = 90;


const documentKey = (doc: DocumentSummary) => doc.id;

/**
 * The corpus's documents with the current annotator's status of each, windowed: a corpus of
 * 10,000 documents mounts a screenful of rows. The open document's row is `aria-current` and is
 * scrolled into view when another document is opened (from the search panel, say). Entries the
 * host was still reading show as loading, and the list is asked for again until none is
 * (pending-refresh.ts: not while the list is scrolled); a failed answer stops that (its error is shown).
 */
export function DocumentList() {
  const t = useT();
  const documents = useHashiya((s) => s.documents);
  const error = useHashiya((s) => s.documentsError);
  const mode = useHashiya((s) => s.mode);
  const openId = useHashiya((s) => (s.mode === 'annotate' ? (s.article?.id ?? null) : (s.review?.documentId ?? null)));
  const me = useHashiya((s) => s.session?.annotator ?? null);
  const assignments = useHashiya((s) => s.assignments);
  const queueOnly = useHashiya((s) => s.queueOnly);
  const setQueueOnly = useHashiya((s) => s.setQueueOnly);
  const listRef = useRef<VirtualListHandle>(null);
  // The annotator's queue (assignments.json): their documents, unfinished first.
  const queue = useMemo(() => {
    if (!me || !assignments) return null;
    const mine = new Map(Object.entries(assignments.documents));
    if (![...mine.values()].some((names) => names.includes(me))) return null;
    const byId = new Map(documents.map((d) => [d.id, d]));
    return queueOf(mine, me, (id) => byId.get(id)?.status ?? 'not_started')
      .map((id) => byId.get(id))
      .filter((d): d is DocumentSummary => d !== undefined);
  }, [me, assignments, documents]);
  const shown = queueOnly && queue ? queue : documents;

  // Each answer with pending entries asks for the next one; a new answer (or leaving) cancels the timer.
  const pending = useMemo(() => documents.some((d) => d.pending !== undefined), [documents]);
  useEffect(() => {
    if (!pending) return;
    return refreshWhenListStill(() => void useHashiya.getState().loadDocuments());
  }, [documents, pending]);

  const open = useCallback(
    (id: string) => {
      const { openArticle, openReview } = useHashiya.getState();
      if (mode === 'review') void openReview(id);
      else if (mode === 'feedback' && me) void openReview(id, [me]);
      else void openArticle(id);
    },
    [mode, me],
  );

  // Reveal a newly opened document once (not again on every save, which renews `documents`).
  const revealed = useRef<string | null>(null);
  useEffect(() => {
    if (openId === null || openId === revealed.current) return;
    const index = shown.findIndex((d) => d.id === openId);
    if (index < 0) return;
    revealed.current = openId;
    listRef.current?.scrollToIndex(index);
  }, [openId, shown]);

  const renderRow = useCallback((doc: DocumentSummary) => <DocumentRow doc={doc} current={doc.id === openId} onOpen={open} t={t} />, [openId, open, t]);

  return (
    <nav className="documents panel" aria-label={t('documents')}>
      <h2>{t('documents')}</h2>
      {queue && (
        <label className="row queue-toggle">
          <input type="checkbox" checked={queueOnly} onChange={(e) => setQueueOnly(e.target.checked)} /> {t('myQueue')} <span className="count">{queue.length}</span>
        </label>
      )}
      {error && <p className="error" role="alert">{error}</p>}
      {documents.length === 0 && !error && <p className="muted">{t('noDocuments')}</p>}
      <VirtualList
        ref={listRef}
        items={shown}
        itemKey={documentKey}
        renderRow={renderRow}
        rowHeight={DOCUMENT_ROW_HEIGHT}
        className="document-list"
        aria-label={t('documents')}
        onScroll={noteListScroll}
      />
    </nav>
  );
}

/**
 * One document's row; re-renders only when its summary, its being current, or the language
 * changes. A pending entry shows what is read (the id; the title once the text is read) and
 * "Loading…" for the rest.
 */
const DocumentRow = memo(function DocumentRow({ doc, current, onOpen, t }: { doc: DocumentSummary; current: boolean; onOpen: (id: string) => void; t: Translate }) {
  return (
    <button
      type="button"
      className={current ? 'doc current' : 'doc'}
      aria-current={current ? 'true' : undefined}
      aria-busy={doc.pending ? 'true' : undefined}
      onClick={() => onOpen(doc.id)}
      data-document-id={doc.id}
    >
      <bdi className="doc-title" dir="rtl" title={doc.title}>
        {doc.title}
      </bdi>
      <span className="doc-id" dir="ltr">
        {doc.id}
      </span>
      {doc.pending ? (
        <span className="doc-status muted">{t('loading')}</span>
      ) : doc.problem ? (
        <span className="doc-status status-damaged" title={doc.problem}>
          {t('damaged')}
        </span>
      ) : (
        <span className={`doc-status status-${doc.status}`}>{statusText(t, doc.status, doc.spans)}</span>
      )}
    </button>
  );
});
