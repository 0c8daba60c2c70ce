import { useDeferredValue, useMemo } from 'react';
import { useT } from '../i18n';
import { useHashiya, visibleSuggestions } from '../store';

/** The suggestions of the open document: count, the one the keys are on, accept/reject one or all. */
export function SuggestionBar() {
  const t = useT();
  // Deferred, as the other side panels: the article's highlight is painted first.
  const article = useDeferredValue(useHashiya((s) => s.article));
  const { acceptSuggestions, rejectSuggestions, moveSuggestionCursor } = useHashiya.getState();
  const suggestions = useMemo(() => (article ? visibleSuggestions(article) : []), [article]);
  if (!article || suggestions.length === 0) return null;
  const current = article.suggestionCursor === null ? undefined : suggestions[article.suggestionCursor];
  return (
    <section className="panel suggestions" aria-label={t('suggestions')}>
      <h2>
        {t('suggestions')} <span className="count">{suggestions.length}</span>
      </h2>
      <p className="muted small-text">{t('suggestionsHelp')}</p>
      {current && (
        <p className="current-suggestion" role="status">
          <span className="chip">{current.label}</span> <bdi dir="rtl">{current.text}</bdi>
        </p>
      )}
      <div className="row">
        <button type="button" onClick={() => moveSuggestionCursor(1)} aria-keyshortcuts="]">
          ]
        </button>
        <button type="button" disabled={!current} onClick={() => current && acceptSuggestions([current])} aria-keyshortcuts="Y">
          {t('accept')}
        </button>
        <button type="button" disabled={!current} onClick={() => current && rejectSuggestions([current])} aria-keyshortcuts="N">
          {t('reject')}
        </button>
        <button type="button" onClick={() => acceptSuggestions(suggestions)} aria-keyshortcuts="Shift+Y">
          {t('acceptAll')}
        </button>
        <button type="button" onClick={() => rejectSuggestions(suggestions)} aria-keyshortcuts="Shift+N">
          {t('rejectAll')}
        </button>
      </div>
    </section>
  );
}
