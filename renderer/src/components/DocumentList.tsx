import type { DocumentStatus } from '../../../shared/model';
import { assertNever } from '../../../shared/model';
import { useHashiya } from '../store';

export function statusText(status: DocumentStatus, spans: number): string {
  switch (status) {
    case 'not_started':
      return 'not started';
    case 'in_progress':
      return `in progress · ${spans} ${spans === 1 ? 'span' : 'spans'}`;
    case 'done':
      return `done · ${spans} ${spans === 1 ? 'span' : 'spans'}`;
    default:
      return assertNever(status, 'status');
  }
}

/** The corpus's documents with the current annotator's status of each. */
export function DocumentList() {
  const documents = useHashiya((s) => s.documents);
  const error = useHashiya((s) => s.documentsError);
  const openId = useHashiya((s) => s.article?.id ?? null);
  const openArticle = useHashiya((s) => s.openArticle);

  return (
    <nav className="documents" aria-label="Documents">
      <h2>Documents</h2>
      {error && <p className="error" role="alert">{error}</p>}
      {documents.length === 0 && !error && <p className="muted">No documents yet. Import some with <code>hashiya import</code>.</p>}
      <ul>
        {documents.map((doc) => (
          <li key={doc.id}>
            <button
              type="button"
              className={doc.id === openId ? 'doc current' : 'doc'}
              aria-current={doc.id === openId ? 'true' : undefined}
              onClick={() => void openArticle(doc.id)}
              data-document-id={doc.id}
            >
              <bdi className="doc-title" dir="rtl">{doc.title}</bdi>
              <span className="doc-id">{doc.id}</span>
              {doc.problem ? (
                <span className="doc-status status-damaged" title={doc.problem}>
                  layer file damaged — left as it is
                </span>
              ) : (
                <span className={`doc-status status-${doc.status}`}>{statusText(doc.status, doc.spans)}</span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
