import { useEffect, useState } from 'react';
import type { PreviousVersionInfo } from '../../../shared/host-contract';
import { host } from '../host';
import { useT } from '../i18n';
import { useHashiya } from '../store';
import { errorMessage } from '../error-message';

/**
 * Offered under the error of a document whose layer could not be opened (damaged): puts the kept
 * previous version back. The damaged file is set aside by the host, never deleted.
 */
export function RestorePrevious({ documentId }: { documentId: string }) {
  const t = useT();
  const [info, setInfo] = useState<PreviousVersionInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    host.previousVersion(documentId).then(setInfo, () => setInfo(null));
  }, [documentId]);
  if (!info) return null;
  return (
    <p>
      <button
        type="button"
        onClick={() => {
          host.restorePreviousVersion(documentId, info.revision).then(
            () => {
              const state = useHashiya.getState();
              void state.loadDocuments();
              void state.openArticle(documentId);
            },
            (e: unknown) => setError(errorMessage(e)),
          );
        }}
      >
        {t('restorePrevious', { revision: info.revision, spans: info.spans, when: new Date(info.savedAt).toLocaleString() })}
      </button>
      {error && <span className="error"> {error}</span>}
    </p>
  );
}
