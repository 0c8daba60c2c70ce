import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef } from 'react';
import type { Span } from '../../../shared/model';
import { articleHandle } from '../editor/article-handle';
import { useT } from '../i18n';
import { useHashiya } from '../store';
import { snapSelection } from '../../../shared/text/snap-selection';
import { VirtualList, type VirtualListHandle } from './VirtualList';

/** Pixels per span row, the gap below it included; the `.span-list .virtual-row` CSS fits in it. */
const SPAN_ROW_HEIGHT = 42;

const spanKey = (span: Span) => span.id;

/**
 * The open document's spans in text order, windowed (thousands of spans mount a screenful of
 * rows); click one to select it, Delete removes it. Selecting a span elsewhere (in the article)
 * scrolls its row into view. The lists are derived from the spans and orphans only, so other
 * changes to the article (save state, suggestions) do not recompute them, and a selection change
 * re-renders two rows. It follows the store a render behind key presses (useDeferredValue), so
 * that the article's highlight is painted first.
 */
export function AnnotationList({ labelIndex }: { labelIndex: ReadonlyMap<string, number> }) {
  const t = useT();
  // Deferred: a key press paints its highlight in the article first; the list follows in
  // React's background render (all five values move together, in one render).
  const articleId = useDeferredValue(useHashiya((s) => s.article?.id ?? null));
  const spans = useDeferredValue(useHashiya((s) => s.article?.content.spans));
  const relations = useDeferredValue(useHashiya((s) => s.article?.content.relations));
  const orphanReasons = useDeferredValue(useHashiya((s) => s.article?.orphans));
  const selectedId = useDeferredValue(useHashiya((s) => s.article?.selectedId ?? null));
  const select = useHashiya((s) => s.select);
  const link = useHashiya((s) => s.link);
  const listRef = useRef<VirtualListHandle>(null);

  const { anchored, orphans, rowOf, byId } = useMemo(() => {
    const all = spans ?? [];
    const isOrphan = (s: Span) => orphanReasons?.has(s.id) ?? false;
    const anchored = all.filter((s) => !isOrphan(s));
    return {
      anchored,
      orphans: all.filter(isOrphan),
      rowOf: new Map(anchored.map((s, i) => [s.id, i])),
      byId: new Map(all.map((s) => [s.id, s])),
    };
  }, [spans, orphanReasons]);

  // Reveal a newly selected span's row once, not again whenever the spans change (an attribute
  // edit), so a list the annotator scrolled stays where it is.
  const revealed = useRef<string | null>(null);
  useEffect(() => {
    if (selectedId === revealed.current) return;
    const row = selectedId === null ? undefined : rowOf.get(selectedId);
    if (selectedId !== null && row === undefined) return;
    revealed.current = selectedId;
    if (row !== undefined) listRef.current?.scrollToIndex(row);
  }, [selectedId, rowOf]);

  const onSelect = useCallback(
    (id: string) => {
      select(id);
      articleHandle.scrollToSpan(id);
    },
    [select],
  );
  const renderRow = useCallback(
    (span: Span) => <SpanRow span={span} selected={span.id === selectedId} chipClass={`chip hl-l${labelIndex.get(span.label) ?? 'x'}`} onSelect={onSelect} />,
    [selectedId, labelIndex, onSelect],
  );

  if (articleId === null || !spans) return null;
  const short = (id: string) => {
    const span = byId.get(id);
    const chars = Array.from(span?.text.replace(/\n/g, ' ') ?? id);
    return chars.length > 24 ? `${chars.slice(0, 24).join('')}…` : chars.join('');
  };

  return (
    <section className="annotations panel" aria-label={t('annotations')}>
      <h2>
        {t('annotations')} <span className="count">{anchored.length}</span>
      </h2>
      {anchored.length === 0 && <p className="muted">{t('emptyHint')}</p>}
      {/* Keyed by document: another document's list starts at its top. */}
      <VirtualList key={articleId} ref={listRef} items={anchored} itemKey={spanKey} renderRow={renderRow} rowHeight={SPAN_ROW_HEIGHT} className="span-list" aria-label={t('annotations')} />
      {relations && relations.length > 0 && (
        <section className="relation-list" aria-label={t('relations')}>
          <h3>
            {t('relations')} <span className="count">{relations.length}</span>
          </h3>
          <ul>
            {relations.map((r) => (
              <li key={r.id} onMouseEnter={() => link(r.to)} onMouseLeave={() => link(null)}>
                <button type="button" className="relation-entry" onClick={() => select(r.from)} onFocus={() => link(r.to)} onBlur={() => link(null)}>
                  <bdi dir="rtl">{short(r.from)}</bdi> <span className="relation-type">{r.type} →</span> <bdi dir="rtl">{short(r.to)}</bdi>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {orphans.length > 0 && (
        <section className="orphans" aria-label={t('notAnchored', { n: orphans.length })}>
          <h3>{t('notAnchored', { n: orphans.length })}</h3>
          <p className="muted">{t('notAnchoredHelp')}</p>
          <ul>
            {orphans.map((span) => (
              <li key={span.id} data-span-id={span.id}>
                <span className="chip">{span.label}</span> <bdi dir="rtl">{span.text}</bdi> — {orphanReasons?.get(span.id)}{' '}
                <button type="button" className="place-orphan" onClick={() => placeOnSelection(span.id)}>
                  {t('placeOrphan')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/** Places an orphaned span where the article's text is selected (snapped to words, as labelling is). */
function placeOnSelection(spanId: string): void {
  const state = useHashiya.getState();
  const range = articleHandle.selection();
  if (!state.article || !range) return;
  const snapped = snapSelection(state.article.text, range.start, range.end, 'word');
  if (snapped) state.placeOrphan(spanId, snapped.start, snapped.end);
}

/** One span's row; re-renders only when its span, its being selected, or its label colour changes. */
const SpanRow = memo(function SpanRow({ span, selected, chipClass, onSelect }: { span: Span; selected: boolean; chipClass: string; onSelect: (id: string) => void }) {
  return (
    <button type="button" data-span-id={span.id} className={selected ? 'entry selected' : 'entry'} aria-pressed={selected} onClick={() => onSelect(span.id)}>
      <span className={chipClass}>{span.label}</span>
      <bdi className="entry-text" dir="rtl">
        {span.text.replace(/\n/g, ' ⏎ ')}
      </bdi>
      <span className="entry-offsets" dir="ltr">
        {span.start}–{span.end}
      </span>
    </button>
  );
});
