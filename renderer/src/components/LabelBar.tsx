import type { LabelDef } from '../../../shared/model';
import { applyLabel } from '../shortcuts';
import { useHashiya } from '../store';

/** Label buttons (accessible name = label name, key shown beside it) and undo/redo. */
export function LabelBar({ labels }: { labels: readonly LabelDef[] }) {
  const canUndo = useHashiya((s) => (s.article?.past.length ?? 0) > 0);
  const canRedo = useHashiya((s) => (s.article?.future.length ?? 0) > 0);
  const undo = useHashiya((s) => s.undo);
  const redo = useHashiya((s) => s.redo);

  return (
    <div className="label-bar" role="toolbar" aria-label="Labels">
      {labels.map((label, i) => (
        <button
          key={label.name}
          type="button"
          className={`label-button hl-l${i}`}
          aria-label={label.name}
          aria-keyshortcuts={label.key || undefined}
          title={`${label.name}${label.key ? ` (key ${label.key}; Alt+${label.key} keeps the exact characters)` : ''}`}
          // Keep the article's selection: a button press must not take focus from it.
          onMouseDown={(e) => e.preventDefault()}
          onClick={(e) => applyLabel(label.name, e.altKey)}
        >
          <span className="swatch" aria-hidden="true" />
          {label.name}
          {label.key && <kbd aria-hidden="true">{label.key}</kbd>}
        </button>
      ))}
      <span className="spacer" />
      <button type="button" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
        Undo
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">
        Redo
      </button>
    </div>
  );
}
