import { useMemo } from 'react';
import { occurrencesOf } from '../../../shared/search';
import { quoteContext } from '../../../shared/text/quote-context';
import { useT } from '../i18n';
import { useHashiya } from '../store';

/**
 * "Annotate all occurrences": every whole-token match of a span's text or a search, previewed
 * with its context, made into spans of one label in a single undoable step.
 */
export function AnnotateAllDialog({ query, label, clitics }: { query: string; label: string; clitics: boolean }) {
  const t = useT();
  const article = useHashiya((s) => s.article);
  const setDialog = useHashiya((s) => s.setDialog);
  const addSpans = useHashiya((s) => s.addSpans);
  const hits = useMemo(() => {
    if (!article) return [];
    // With clitics, the clitics the query lacks stay outside the span (`للمرصد` → `لمرصد`).
    const found = occurrencesOf(article.text, query, { clitics });
    return found.map((h) => ({
      ...h,
      context: quoteContext(article.text, h.start, h.end, 30),
      existing: article.content.spans.some((s) => s.label === label && s.start === h.start && s.end === h.end),
    }));
  }, [article, query, label, clitics]);
  const fresh = hits.filter((h) => !h.existing);
  const close = () => setDialog(null);

  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="dialog wide" role="dialog" aria-modal="true" aria-labelledby="annotate-all-title">
        <h2 id="annotate-all-title">
          {t('annotateAllTitle')}: <bdi dir="rtl">{query}</bdi> → {label}
        </h2>
        <p>{t('previewHelp', { label })}</p>
        <ol className="preview" aria-label={t('hits', { n: hits.length })}>
          {hits.map((h) => (
            <li key={h.start} className={h.existing ? 'muted' : undefined}>
              <span className="entry-offsets" dir="ltr">
                {h.start}–{h.end}
              </span>{' '}
              <bdi dir="rtl">
                {h.context.prefix.replace(/\n/g, ' ')}
                <mark>{h.context.text.replace(/\n/g, ' ')}</mark>
                {h.context.suffix.replace(/\n/g, ' ')}
              </bdi>
              {h.existing && <span> — {t('alreadyAnnotated', { label })}</span>}
            </li>
          ))}
        </ol>
        <div className="dialog-buttons">
          <button type="button" onClick={close}>
            {t('cancel')}
          </button>
          <button
            type="button"
            className="primary"
            autoFocus
            disabled={fresh.length === 0}
            onClick={() => {
              addSpans(fresh.map((h) => ({ label, start: h.start, end: h.end })));
              close();
            }}
          >
            {t('applyAll', { n: fresh.length })}
          </button>
        </div>
      </div>
    </div>
  );
}
