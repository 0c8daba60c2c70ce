import { useEffect, useMemo, useState } from 'react';
import { itemState, reviewProgress, type Comparison, type ComparisonItem, type GoldLayer, type RelationItem } from '../../../shared/review';
import { host } from '../host';
import { useT } from '../i18n';
import { useHashiya } from '../store';
import { ReviewArticle, type ReviewMark } from '../editor/ReviewArticle';
import { activeAnnotators } from './active-annotators';

/**
 * Compare and adjudicate: the chosen annotators' layers merged over the text (agree / partial /
 * only in some), or side by side; the gold built with single keys — `1`…`9` accept that
 * annotator's version, `A` accept (when the versions agree), `R` reject, `E` edit the label,
 * `]` / `[` next / previous disagreement. Open items left are always shown.
 */
export function ReviewView({ labelIndex }: { labelIndex: ReadonlyMap<string, number> }) {
  const t = useT();
  const review = useHashiya((s) => s.review);
  const reviewError = useHashiya((s) => s.reviewError);
  const chosen = useHashiya((s) => s.reviewAnnotators);
  const labels = useHashiya((s) => s.session?.corpus?.schema.labels ?? []);
  const { setReviewAnnotators, setQuorum, runAutoAccept, toggleSideBySide, decide, moveReviewCursor, setReviewCursor } = useHashiya.getState();
  const [annotators, setAnnotators] = useState<readonly string[]>([]);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    host.corpusProgress().then(
      (p) => {
        const active = activeAnnotators(p);
        setAnnotators(active);
        if (useHashiya.getState().reviewAnnotators.length === 0) setReviewAnnotators(active);
      },
      () => undefined,
    );
  }, [setReviewAnnotators]);

  const comparison = review?.comparison.ok ? review.comparison.value : null;
  const current = comparison?.items.find((i) => i.id === review?.cursor) ?? comparison?.relations.find((r) => r.id === review?.cursor);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement)) return;
      if (event.ctrlKey || event.metaKey || event.altKey || useHashiya.getState().dialog) return;
      const state = useHashiya.getState().review;
      const cmp = state?.comparison.ok ? state.comparison.value : null;
      if (!state || !cmp) return;
      const item = cmp.items.find((i) => i.id === state.cursor) ?? cmp.relations.find((r) => r.id === state.cursor);
      const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
      if (event.code === 'BracketRight' || event.code === 'BracketLeft') {
        event.preventDefault();
        moveReviewCursor(event.code === 'BracketRight' ? 1 : -1);
      } else if (digit && item) {
        const annotator = cmp.annotators[Number(digit) - 1];
        if (annotator && item.annotators.includes(annotator)) {
          event.preventDefault();
          decide({ kind: 'accept', annotator });
        }
      } else if (event.code === 'KeyA' && item && item.annotators[0]) {
        event.preventDefault();
        decide({ kind: 'accept', annotator: item.annotators[0] });
      } else if (event.code === 'KeyR' && item) {
        event.preventDefault();
        decide({ kind: 'reject' });
      } else if (event.code === 'KeyE' && item?.kind === 'span') {
        event.preventDefault();
        setEditing(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [decide, moveReviewCursor]);

  const progress = comparison && review ? reviewProgress(comparison, review.gold) : null;
  const marks = useMemo(() => (comparison && review ? itemMarks(comparison.items, review.gold, review.cursor, labelIndex) : []), [comparison, review, labelIndex]);

  return (
    <div className="review">
      <div className="label-bar review-bar" role="toolbar" aria-label={t('reviewTools')}>
        <fieldset className="row">
          <legend>{t('layersToCompare')}</legend>
          {annotators.map((a) => (
            <label key={a}>
              <input
                type="checkbox"
                checked={chosen.includes(a)}
                onChange={(e) => setReviewAnnotators(e.target.checked ? [...chosen, a] : chosen.filter((x) => x !== a))}
              />{' '}
              <bdi>{a}</bdi>
            </label>
          ))}
        </fieldset>
        <label>
          {t('quorum')}{' '}
          <select value={review?.quorum ?? chosen.length} onChange={(e) => setQuorum(Number(e.target.value))}>
            {chosen.map((_, i) => (
              <option key={i} value={i + 1}>
                {i + 1} / {chosen.length}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={runAutoAccept} disabled={!comparison}>
          {t('autoAccept')}
        </button>
        <label>
          <input type="checkbox" checked={review?.sideBySide ?? false} onChange={toggleSideBySide} /> {t('sideBySide')}
        </label>
        <span className="spacer" />
        {progress && (
          <strong className="open-items" role="status">
            {t('openItems', { open: progress.open, decided: progress.decided, total: progress.total })}
          </strong>
        )}
      </div>
      {reviewError && <p className="error" role="alert">{reviewError}</p>}
      {review && !review.comparison.ok && (
        <ul className="error" role="alert">
          {review.comparison.errors.map((e, i) => (
            <li key={i}>
              {e.file}
              {e.line !== undefined ? `:${e.line}` : ''}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {review && review.data.goldProblems.length > 0 && (
        <ul className="error" role="alert">
          {review.data.goldProblems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {!review && !reviewError && <p className="muted">{t('chooseDocument')}</p>}
      {review && comparison && (
        <div className="review-body">
          {review.sideBySide ? (
            <div className="side-by-side">
              {comparison.annotators.map((a) => (
                <section key={a} aria-label={a} className="side-column">
                  <h3>
                    <bdi>{a}</bdi>
                  </h3>
                  <ReviewArticle
                    text={review.data.text}
                    label={a}
                    marks={itemMarks(comparison.items.filter((i) => i.annotators.includes(a)), review.gold, review.cursor, labelIndex)}
                    onItem={setReviewCursor}
                  />
                </section>
              ))}
            </div>
          ) : (
            <ReviewArticle text={review.data.text} label={t('mergedLayers')} marks={marks} onItem={setReviewCursor} />
          )}
          <ItemPanel comparison={comparison} gold={review.gold} item={current} message={review.message} editing={editing} onEdited={() => setEditing(false)} labels={labels.map((l) => l.name)} />
        </div>
      )}
    </div>
  );
}

function itemMarks(items: readonly ComparisonItem[], gold: GoldLayer, cursor: string | null, labelIndex: ReadonlyMap<string, number>): ReviewMark[] {
  return items.map((item) => {
    const state = itemState(gold, item);
    const decided = state.kind === 'span' ? 'gold-accepted' : state.kind === 'rejected' ? 'gold-rejected' : 'gold-open';
    const label = labelIndex.get(item.label);
    return {
      start: item.start,
      end: item.end,
      item: item.id,
      title: `${item.label} · ${item.status} · ${item.annotators.join(', ')}`,
      className: ['cmp', `cmp-${item.status}`, decided, label === undefined ? 'hl-unknown' : `hl-l${label}`, item.id === cursor ? 'cmp-current' : ''].join(' '),
    };
  });
}

function ItemPanel({
  comparison,
  gold,
  item,
  message,
  editing,
  onEdited,
  labels,
}: {
  comparison: Comparison;
  gold: GoldLayer;
  item: ComparisonItem | RelationItem | undefined;
  message: string | null;
  editing: boolean;
  onEdited: () => void;
  labels: readonly string[];
}) {
  const t = useT();
  const decide = useHashiya((s) => s.decide);
  if (!item) return <aside className="item-panel panel">{message ? <p className="error">{message}</p> : <p className="muted">{t('noOpenItems')}</p>}</aside>;
  const state = itemState(gold, item);
  return (
    <aside className="item-panel panel" aria-label={t('currentItem')}>
      <h3>
        {item.kind === 'span' ? (
          <>
            <span className="chip">{item.label}</span> <bdi dir="rtl">{item.text.replace(/\n/g, ' ⏎ ')}</bdi>
          </>
        ) : (
          <>
            {item.type}: {item.from} → {item.to}
          </>
        )}
      </h3>
      <p>
        <span className={`status-pill cmp-${item.status}`}>{t(`status_${item.status}` as const)}</span>{' '}
        <span className="muted">{t(`state_${state.kind}` as const)}</span>
      </p>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      <ol className="versions">
        {comparison.annotators.map((a, i) => {
          const versions = item.kind === 'span' ? item.versions.filter((v) => v.annotator === a) : item.versions.filter((v) => v.annotator === a);
          const has = versions.length > 0;
          return (
            <li key={a} className={has ? '' : 'muted'}>
              <kbd>{i + 1}</kbd> <bdi>{a}</bdi>:{' '}
              {!has && t('noVersion')}
              {item.kind === 'span' &&
                item.versions
                  .filter((v) => v.annotator === a)
                  .map((v) => (
                    <span key={v.spanId} dir="ltr">
                      {Object.entries(v.attributes)
                        .map(([k, val]) => `${k}=${String(val)}`)
                        .join(', ') || '—'}
                    </span>
                  ))}
              {has && (
                <button type="button" className="small" onClick={() => decide({ kind: 'accept', annotator: a })}>
                  {t('accept')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {item.kind === 'span' && item.attributeDifferences.length > 0 && (
        <p className="muted">
          {t('attributesDiffer')}: {item.attributeDifferences.map((d) => d.name).join(', ')}
        </p>
      )}
      {item.kind === 'span' && item.missing.length > 0 && (
        <p className="muted">
          {t('missingIn')}: {item.missing.join(', ')}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={() => item.annotators[0] && decide({ kind: 'accept', annotator: item.annotators[0] })} aria-keyshortcuts="A">
          {t('accept')} (A)
        </button>
        <button type="button" onClick={() => decide({ kind: 'reject' })} aria-keyshortcuts="R">
          {t('reject')} (R)
        </button>
      </div>
      {item.kind === 'span' && editing && (
        <EditForm
          item={item}
          labels={labels}
          onDone={(label) => {
            onEdited();
            if (label) {
              const base = item.versions[0];
              decide({ kind: 'edit', span: { label, start: item.start, end: item.end, attributes: {}, note: base?.note ?? '' } });
            }
          }}
        />
      )}
      <p className="muted small-text">{t('reviewKeys')}</p>
    </aside>
  );
}

function EditForm({ item, labels, onDone }: { item: ComparisonItem; labels: readonly string[]; onDone: (label: string | null) => void }) {
  const t = useT();
  const [label, setLabel] = useState(item.label);
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        onDone(label);
      }}
    >
      <label>
        {t('editLabel')}{' '}
        <select autoFocus value={label} onChange={(e) => setLabel(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && onDone(null)}>
          {labels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('apply')}</button>
    </form>
  );
}
