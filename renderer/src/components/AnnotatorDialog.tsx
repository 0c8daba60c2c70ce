import { useState, type FormEvent } from 'react';
import { useHashiya } from '../store';

/** Asks who is annotating: on first start (no name yet) and when the name is clicked. */
export function AnnotatorDialog({ onDone }: { onDone?: () => void }) {
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
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div className="dialog-backdrop">
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby="annotator-title" onSubmit={submit}>
        <h2 id="annotator-title">Who is annotating?</h2>
        <p>Your name decides which layer you read and write. Each annotator has their own file per document.</p>
        <label>
          Annotator name
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} dir="auto" maxLength={64} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="dialog-buttons">
          {onDone && current && (
            <button type="button" onClick={onDone}>
              Cancel
            </button>
          )}
          <button type="submit" className="primary" disabled={name.trim() === ''}>
            Start annotating
          </button>
        </div>
      </form>
    </div>
  );
}
