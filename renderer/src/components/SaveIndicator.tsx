import { assertNever } from '../../../shared/model';
import { useHashiya, type SaveState } from '../store';

function label(state: SaveState): string {
  switch (state) {
    case 'saved':
      return 'Saved';
    case 'unsaved':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'error':
      return 'Not saved';
    default:
      return assertNever(state, 'save state');
  }
}

/** Shows whether the open layer is on disk. `data-state` lets tests wait for `saved`. */
export function SaveIndicator() {
  const state = useHashiya((s) => s.article?.save ?? null);
  const error = useHashiya((s) => s.article?.saveError ?? null);
  if (!state) return null;
  return (
    <span className={`save save-${state}`} data-state={state} role="status" aria-live="polite" title={error ?? undefined}>
      {label(state)}
      {error && <span className="save-error">{error}</span>}
    </span>
  );
}
