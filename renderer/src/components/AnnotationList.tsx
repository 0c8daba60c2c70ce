import { useEffect, useRef } from 'react';
import { articleHandle } from '../editor/article-handle';
import { useHashiya } from '../store';

/** The open document's spans in text order; click one to select it, Delete removes it. */
export function AnnotationList({ labelIndex }: { labelIndex: ReadonlyMap<string, number> }) {
  const article = useHashiya((s) => s.article);
  const select = useHashiya((s) => s.select);
  const deleteSpan = useHashiya((s) => s.deleteSpan);
  const listRef = useRef<HTMLUListElement>(null);
  const selectedId = article?.selectedId ?? null;

  useEffect(() => {
    if (!selectedId) return;
    listRef.current?.querySelector(`[data-span-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  if (!article) return null;
  const orphans = article.spans.filter((s) => article.orphans.has(s.id));
  const anchored = article.spans.filter((s) => !article.orphans.has(s.id));

  return (
    <aside className="annotations" aria-label="Annotations">
      <h2>
        Annotations <span className="count">{anchored.length}</span>
      </h2>
      {anchored.length === 0 && <p className="muted">Select text in the article and press a label key (1–4).</p>}
      <ul ref={listRef}>
        {anchored.map((span) => (
          <li key={span.id}>
            <button
              type="button"
              data-span-id={span.id}
              className={span.id === selectedId ? 'entry selected' : 'entry'}
              aria-pressed={span.id === selectedId}
              onClick={() => {
                select(span.id);
                articleHandle.scrollToSpan(span.id);
              }}
            >
              <span className={`chip hl-l${labelIndex.get(span.label) ?? 'x'}`}>{span.label}</span>
              <bdi className="entry-text" dir="rtl">{span.text.replace(/\n/g, ' ⏎ ')}</bdi>
              <span className="entry-offsets" dir="ltr">
                {span.start}–{span.end}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {selectedId && (
        <button type="button" className="danger" onClick={() => deleteSpan(selectedId)} aria-keyshortcuts="Delete">
          Delete selected (Del)
        </button>
      )}
      {orphans.length > 0 && (
        <section className="orphans" aria-label="Spans that no longer fit the text">
          <h3>Not anchored ({orphans.length})</h3>
          <p className="muted">Their offsets no longer give their quote. They are kept in the file, not drawn.</p>
          <ul>
            {orphans.map((span) => (
              <li key={span.id} data-span-id={span.id}>
                <span className="chip">{span.label}</span> <bdi dir="rtl">{span.text}</bdi> — {article.orphans.get(span.id)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
