import { useEffect, useState } from 'react';
import type { CorpusSyncStatus, SyncReport } from '../../../shared/sync/sync-report';
import { host } from '../host';
import { useT } from '../i18n';
import { useHashiya } from '../store';
import { errorMessage } from '../error-message';


/**
 * Team sync through git: link the corpus to a remote once, then Sync commits this annotator's
 * changes, brings in the team's and sends ours (electron/git-sync.ts). Shows what came in; the
 * document list, the schema and the open document are reloaded when a sync changed them.
 */
export function SyncDialog() {
  const t = useT();
  const setDialog = useHashiya((s) => s.setDialog);
  const [status, setStatus] = useState<CorpusSyncStatus | null>(null);
  const [report, setReport] = useState<SyncReport | null>(null);
  const [remote, setRemote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    host.syncStatus().then(setStatus, (e: unknown) => setError(errorMessage(e)));
  }, []);
  const close = () => setDialog(null);

  async function link() {
    setBusy(true);
    setError(null);
    try {
      setStatus(await host.linkRemote(remote.trim()));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function sync() {
    setBusy(true);
    setError(null);
    const state = useHashiya.getState();
    try {
      await state.flushSave();
      const done = await host.syncCorpus();
      setReport(done);
      setStatus(await host.syncStatus());
      await state.afterSync(done);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const incoming = report?.incoming;
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && !busy && close()}>
      <div className="dialog wide sync-dialog" role="dialog" aria-modal="true" aria-labelledby="sync-title" aria-busy={busy}>
        <h2 id="sync-title">{t('syncTitle')}</h2>
        {status && (
          <p className="muted" role="status">
            {status.linked ? t('syncLinked', { remote: status.remote ?? '', ahead: status.ahead, behind: status.behind, uncommitted: status.uncommitted }) : t('syncNotLinked')}
            {status.lastSync && <span className="sync-last">{` · ${t('syncLast', { when: new Date(status.lastSync).toLocaleString() })}`}</span>}
          </p>
        )}
        {status && !status.linked && (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (remote.trim()) void link();
            }}
          >
            <label>
              {t('syncRemote')} <input dir="ltr" value={remote} onChange={(e) => setRemote(e.target.value)} placeholder="/mnt/shared/corpus.git · https://git.example.org/team/corpus.git" size={48} />
            </label>
            <button type="submit" disabled={busy || !remote.trim()}>
              {t('syncLink')}
            </button>
          </form>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        {report && (
          <section className="sync-report" aria-label={t('syncReport')}>
            <p className={report.state === 'offline' ? 'notice' : ''}>{report.message}</p>
            {report.committed && (
              <p>
                {t('syncCommitted')} <q>{report.committed.message}</q>
              </p>
            )}
            {incoming && (
              <ul>
                {incoming.newDocuments.length > 0 && <li>{t('syncNewDocuments', { n: incoming.newDocuments.length })}: <span dir="ltr">{incoming.newDocuments.join(', ')}</span></li>}
                {incoming.layers.map((l) => (
                  <li key={`${l.annotator}/${l.documentId}`} className="sync-layer">
                    {t('syncColleagueLayer')} <bdi>{l.annotator}</bdi> · <span dir="ltr">{l.documentId}</span>
                  </li>
                ))}
                {incoming.gold.length > 0 && <li>{t('syncGold', { n: incoming.gold.length })}</li>}
                {incoming.schemaChanged && <li>{t('syncSchema')}</li>}
                {incoming.assignmentsChanged && <li>{t('syncAssignments')}</li>}
              </ul>
            )}
            {report.conflicts.length > 0 && (
              <>
                <h3>{t('syncConflicts', { n: report.conflicts.length })}</h3>
                <ul>
                  {report.conflicts.map((c) => (
                    <li key={c.file}>
                      <span dir="ltr">{c.file}</span>: {c.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={() => void sync()} disabled={busy || !status?.linked}>
            {busy ? t('syncing') : t('syncNow')}
          </button>
          <button type="button" autoFocus onClick={close} disabled={busy}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  );
}
