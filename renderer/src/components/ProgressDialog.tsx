import { useEffect, useState } from 'react';
import type { CorpusProgress } from '../../../shared/host-contract';
import { host } from '../host';
import { useT } from '../i18n';
import { statusText } from './DocumentList';
import { useHashiya } from '../store';
import { errorMessage } from '../error-message';

/** Every annotator's status of every document, with totals per annotator. */
export function ProgressDialog() {
  const t = useT();
  const setDialog = useHashiya((s) => s.setDialog);
  const [progress, setProgress] = useState<CorpusProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    host.corpusProgress().then(setProgress, (e: unknown) => setError(errorMessage(e)));
  }, []);
  const close = () => setDialog(null);
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="dialog wide" role="dialog" aria-modal="true" aria-labelledby="progress-title">
        <h2 id="progress-title">{t('progressTitle')}</h2>
        {error && <p className="error" role="alert">{error}</p>}
        {progress && (
          <table className="progress-table">
            <thead>
              <tr>
                <th scope="col">{t('document')}</th>
                {progress.annotators.map((a) => (
                  <th scope="col" key={a}>
                    <bdi>{a}</bdi>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {progress.documents.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <span className="doc-id" dir="ltr">{d.id}</span>
                  </th>
                  {progress.annotators.map((a) => {
                    const layer = d.layers[a] ?? { status: 'not_started' as const, spans: 0 };
                    return (
                      <td key={a} className={`status-${layer.status}`}>
                        {statusText(t, layer.status, layer.spans)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('done')}</th>
                {progress.annotators.map((a) => (
                  <td key={a}>
                    {progress.documents.filter((d) => d.layers[a]?.status === 'done').length} / {progress.documents.length}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        )}
        <div className="dialog-buttons">
          <button type="button" autoFocus onClick={close}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  );
}
