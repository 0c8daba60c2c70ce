import { useState, type FormEvent } from 'react';
import { host } from '../host';
import { useT } from '../i18n';
import { useHashiya } from '../store';
import { errorMessage } from '../error-message';

/**
 * Opens another corpus folder. A folder with a `hashiya.json` opens as it is; a missing or
 * empty folder becomes a new corpus. On the desktop `Browse…` shows the system folder picker.
 */
export function OpenCorpusDialog({ onDone }: { onDone: () => void }) {
  const t = useT();
  const session = useHashiya((s) => s.session);
  const openCorpus = useHashiya((s) => s.openCorpus);
  const [dir, setDir] = useState(session?.corpus?.root ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open(path: string) {
    setBusy(true);
    setError(null);
    try {
      await openCorpus(path);
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function browse() {
    const picked = await host.pickCorpusFolder();
    if (picked) {
      setDir(picked);
      await open(picked);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void open(dir.trim());
  }

  return (
    <div className="dialog-backdrop">
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby="corpus-title" onSubmit={submit}>
        <h2 id="corpus-title">{t('openCorpusTitle')}</h2>
        <p>{t('openCorpusHelp')}</p>
        <label>
          {t('corpusFolder')}
          {/* The current corpus's path, selected: typing replaces it rather than appending to it
              (which would name a new folder inside this corpus, and open it as a new corpus). */}
          <input autoFocus onFocus={(e) => e.currentTarget.select()} value={dir} onChange={(e) => setDir(e.target.value)} dir="ltr" spellCheck={false} />
        </label>
        {error && (
          <pre className="error" role="alert">
            {error}
          </pre>
        )}
        <div className="dialog-buttons">
          {session?.capabilities.pickFolder && (
            <button type="button" onClick={() => void browse()} disabled={busy}>
              {t('browse')}
            </button>
          )}
          <button type="button" onClick={onDone}>
            {t('cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || dir.trim() === ''}>
            {t('open')}
          </button>
        </div>
      </form>
    </div>
  );
}
