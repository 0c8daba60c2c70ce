import { DOCUMENT_STATUSES } from '../../../shared/corpus/layer-format';
import type { DocumentStatus, LabelDef } from '../../../shared/model';
import { useT } from '../i18n';
import { applyLabel } from '../shortcuts';
import { useHashiya } from '../store';
import { statusName } from './DocumentList';

/** Label buttons (accessible name = label name, key shown beside it), undo/redo, the document's status. */
export function LabelBar({ labels }: { labels: readonly LabelDef[] }) {
  const t = useT();
  const status = useHashiya((s) => s.article?.status ?? null);
  const setStatus = useHashiya((s) => s.setStatus);
  const canUndo = useHashiya((s) => (s.article?.past.length ?? 0) > 0);
  const canRedo = useHashiya((s) => (s.article?.future.length ?? 0) > 0);
  const undo = useHashiya((s) => s.undo);
  const redo = useHashiya((s) => s.redo);

  return (
    <div className="label-bar" role="toolbar" aria-label={t('labels')}>
      {labels.map((label, i) => (
        <button
          key={label.name}
          type="button"
          className={`label-button hl-l${i}`}
          aria-label={label.name}
          aria-keyshortcuts={label.key || undefined}
          title={label.key ? t('labelKeyHelp', { label: label.name, key: label.key }) : label.name}
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
      {status && (
        <label className="status-select">
          {t('status')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as DocumentStatus)}>
            {DOCUMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusName(t, s)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z" title={`${t('undo')} (Ctrl+Z)`}>
        {t('undo')}
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z" title={`${t('redo')} (Ctrl+Shift+Z)`}>
        {t('redo')}
      </button>
    </div>
  );
}
