import { useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { useHashiya } from '../store';
import { errorMessage } from '../error-message';

/** Asks who is annotating: on first start (no name yet) and when the name is clicked. */
export function AnnotatorDialog({ onDone }: { onDone?: () => void }) {
  const t = useT();
  const current = useHashiya((s) => s.session?.annotator ?? '');
  const setAnnotator = useHashiya((s) => s.setAnnotator);
  const [name, setName] = useState(current);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await setAnnotator(name.trim());
      onDone?.();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div className="dialog-backdrop">
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby="annotator-title" onSubmit={submit}>
        <h2 id="annotator-title">{t('whoTitle')}</h2>
        <p>{t('whoHelp')}</p>
        <label>
          {t('annotatorName')}
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} dir="auto" maxLength={64} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-buttons">
          {onDone && current && (
            <button type="button" onClick={onDone}>
              {t('cancel')}
            </button>
          )}
          <button type="submit" className="primary" disabled={name.trim() === ''}>
            {t('startAnnotating')}
          </button>
        </div>
      </form>
    </div>
  );
}
