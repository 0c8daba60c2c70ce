import { useMemo } from 'react';
import { goldDiff, type GoldDifference } from '../../../shared/review';
import { ReviewArticle, type ReviewMark } from '../editor/ReviewArticle';
import { useT } from '../i18n';
import { useHashiya } from '../store';

/**
 * Feedback to an annotator: where the gold differs from their own layer of the open document
 * (missing, extra, another label, other offsets, other attribute values). Read only.
 */
export function FeedbackView() {
  const t = useT();
  const review = useHashiya((s) => s.review);
  const reviewError = useHashiya((s) => s.reviewError);
  const schema = useHashiya((s) => s.session?.corpus?.schema);
  const mine = review?.data.layers[0];
  const diff = useMemo(() => (review && mine?.layer ? goldDiff(review.gold, mine.layer, { schema, file: mine.file }) : null), [review, mine, schema]);
  const differences: readonly GoldDifference[] = diff?.ok ? diff.value : [];
  const marks: ReviewMark[] = differences.flatMap((d, i): ReviewMark[] => {
    switch (d.kind) {
      case 'missing':
        return [{ start: d.gold.start, end: d.gold.end, className: 'fb fb-missing', item: `d${i}`, title: `${t('fbMissing')}: ${d.gold.label}` }];
      case 'extra':
        return [{ start: d.span.start, end: d.span.end, className: 'fb fb-extra', item: `d${i}`, title: `${t('fbExtra')}: ${d.span.label}` }];
      case 'label':
      case 'offsets':
      case 'attributes':
        return [{ start: d.span.start, end: d.span.end, className: 'fb fb-differs', item: `d${i}`, title: d.kind }];
      default:
        return [];
    }
  });

  if (reviewError) return <p className="error" role="alert">{reviewError}</p>;
  if (!review) return <p className="muted">{t('chooseDocument')}</p>;
  return (
    <div className="feedback review-body">
      {mine?.layer ? (
        <ReviewArticle text={review.data.text} label={t('feedback')} marks={marks} onItem={() => undefined} />
      ) : (
        <p className="muted">{t('noLayerHere')}</p>
      )}
      <aside className="item-panel panel" aria-label={t('feedback')}>
        <h3>
          {t('feedback')} <span className="count">{differences.length}</span>
        </h3>
        {review.gold.spans.length === 0 && <p className="muted">{t('noGoldYet')}</p>}
        {diff && !diff.ok && (
          <ul className="error" role="alert">
            {diff.errors.map((e, i) => (
              <li key={i}>{e.message}</li>
            ))}
          </ul>
        )}
        <ul className="differences">
          {differences.map((d, i) => (
            <li key={i} className={`fb-row fb-row-${d.kind}`}>
              <strong>{t(`fb_${d.kind}` as const)}</strong> {describe(d)}
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}

/** One difference, with the Arabic quote and the offsets isolated so bidi cannot reorder them. */
function describe(d: GoldDifference) {
  const quote = (text: string) => <bdi dir="rtl">«{text.replace(/\n/g, ' ')}»</bdi>;
  const at = (start: number, end: number) => (
    <span dir="ltr">
      ({start}–{end})
    </span>
  );
  switch (d.kind) {
    case 'missing':
      return (
        <>
          {d.gold.label} {quote(d.gold.text)} {at(d.gold.start, d.gold.end)}
        </>
      );
    case 'extra':
      return (
        <>
          {d.span.label} {quote(d.span.text)} {at(d.span.start, d.span.end)}
        </>
      );
    case 'label':
      return (
        <>
          {quote(d.span.text)}: {d.span.label} → {d.gold.label}
        </>
      );
    case 'offsets':
      return (
        <>
          {d.gold.label}: {quote(d.span.text)} → {quote(d.gold.text)}
        </>
      );
    case 'attributes':
      return (
        <>
          {d.gold.label} {quote(d.gold.text)}: {d.names.join(', ')}
        </>
      );
    case 'missing-relation':
    case 'extra-relation':
      return (
        <>
          {d.relation.type} {d.relation.from} → {d.relation.to}
        </>
      );
    default:
      return null;
  }
}
