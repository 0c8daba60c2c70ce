import { assertNever } from '../../../shared/model';
import { useT, type Translate } from '../i18n';
import { useHashiya, type SaveState } from '../store';

function label(t: Translate, state: SaveState): string {
  switch (state) {
    case 'saved':
      return t('saved');
    case 'unsaved':
      return t('unsaved');
    case 'saving':
      return t('saving');
    case 'error':
      return t('notSaved');
    default:
      return assertNever(state, 'save state');
  }
}

/** Shows whether the open layer is on disk. `data-state` lets tests wait for `saved`. */
export function SaveIndicator() {
  const t = useT();
  const state = useHashiya((s) => s.article?.save ?? null);
  const error = useHashiya((s) => s.article?.saveError ?? null);
  if (!state) return null;
  return (
    <span className={`save save-${state}`} data-state={state} role="status" aria-live="polite" title={error ?? undefined}>
      {label(t, state)}
      {error && <span className="save-error">{error}</span>}
    </span>
  );
}
