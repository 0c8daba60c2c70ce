import { useEffect, useRef } from 'react';
import { articleHandle } from '../editor/article-handle';
import { useT } from '../i18n';
import { useHashiya } from '../store';

/** The open document's spans in text order; click one to select it, Delete removes it. */
export function AnnotationList({ labelIndex }: { labelIndex: ReadonlyMap<string, number> }) {
  const t = useT();
  const article = useHashiya((s) => s.article);
  const select = useHashiya((s) => s.select);
  const link = useHashiya((s) => s.link);
  const listRef = useRef<HTMLUListElement>(null);
  const selectedId = article?.selectedId ?? null;

  useEffect(() => {
    if (!selectedId) return;
    listRef.current?.querySelector(`[data-span-id="${CSS.escape(selectedId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  if (!article) return null;
  const orphans = article.content.spans.filter((s) => article.orphans.has(s.id));
  const anchored = article.content.spans.filter((s) => !article.orphans.has(s.id));
  const byId = new Map(article.content.spans.map((s) => [s.id, s]));
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
      <ul ref={listRef} className="span-list">
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
      {article.content.relations.length > 0 && (
        <section className="relation-list" aria-label={t('relations')}>
          <h3>
            {t('relations')} <span className="count">{article.content.relations.length}</span>
          </h3>
          <ul>
            {article.content.relations.map((r) => (
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
                <span className="chip">{span.label}</span> <bdi dir="rtl">{span.text}</bdi> — {article.orphans.get(span.id)}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
