import type { DocumentStatus } from '../../../shared/model';
import { assertNever } from '../../../shared/model';
import { useT, type Translate } from '../i18n';
import { useHashiya } from '../store';

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

/** The corpus's documents with the current annotator's status of each. */
export function DocumentList() {
  const t = useT();
  const documents = useHashiya((s) => s.documents);
  const error = useHashiya((s) => s.documentsError);
  const mode = useHashiya((s) => s.mode);
  const openId = useHashiya((s) => (s.mode === 'annotate' ? (s.article?.id ?? null) : (s.review?.documentId ?? null)));
  const me = useHashiya((s) => s.session?.annotator ?? null);
  const { openArticle, openReview } = useHashiya.getState();
  const open = (id: string) => {
    if (mode === 'review') void openReview(id);
    else if (mode === 'feedback' && me) void openReview(id, [me]);
    else void openArticle(id);
  };

  return (
    <nav className="documents panel" aria-label={t('documents')}>
      <h2>{t('documents')}</h2>
      {error && <p className="error" role="alert">{error}</p>}
      {documents.length === 0 && !error && <p className="muted">{t('noDocuments')}</p>}
      <ul>
        {documents.map((doc) => (
          <li key={doc.id}>
            <button
              type="button"
              className={doc.id === openId ? 'doc current' : 'doc'}
              aria-current={doc.id === openId ? 'true' : undefined}
              onClick={() => open(doc.id)}
              data-document-id={doc.id}
            >
              <bdi className="doc-title" dir="rtl">{doc.title}</bdi>
              <span className="doc-id" dir="ltr">{doc.id}</span>
              {doc.problem ? (
                <span className="doc-status status-damaged" title={doc.problem}>
                  {t('damaged')}
                </span>
              ) : (
                <span className={`doc-status status-${doc.status}`}>{statusText(t, doc.status, doc.spans)}</span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
