import { useEffect, useMemo, useState } from 'react';
import type { SearchResult } from '../../../shared/host-contract';
import { findMatches } from '../../../shared/search';
import { host } from '../host';
import { useT } from '../i18n';
import { useHashiya } from '../store';
import { errorMessage } from '../error-message';

/**
 * Milliseconds without typing before the corpus is searched (was 200: every answer came that
 * much later). Typing never waits for a search (the host answers off this thread, and an answer
 * to an earlier query is dropped unseen); a quick typist's keys (under 120 ms apart) still make
 * one search per pause, a slower typist's may make one per key, which the host answers in a
 * fraction of a second on 10,000 documents.
 */
const CORPUS_SEARCH_DEBOUNCE_MS = 120;

/**
 * Arabic-aware search in the open document (hits drawn in the text) or across the corpus (a
 * result list; clicking a hit opens its document). Matching ignores diacritics and tatweel and
 * folds letter variants through a matching key; the stored text is never changed.
 */
export function SearchPanel() {
  const t = useT();
  // The text only: the whole article changes with every key press.
  const text = useHashiya((s) => s.article?.text);
  const labels = useHashiya((s) => s.session?.corpus?.schema.labels ?? []);
  const setSearchHits = useHashiya((s) => s.setSearchHits);
  const setDialog = useHashiya((s) => s.setDialog);
  const openArticle = useHashiya((s) => s.openArticle);
  const [query, setQuery] = useState('');
  const [clitics, setClitics] = useState(false);
  const [scope, setScope] = useState<'document' | 'corpus'>('document');
  const [label, setLabel] = useState('');
  /** The last corpus answer, with the question it answers: shown only while that is still the question. */
  const [answer, setAnswer] = useState<{ key: string; result: SearchResult } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const documentHits = useMemo(
    () => (scope === 'document' && text && query.trim() ? findMatches(text, query.trim(), { clitics, wholeToken: false }) : []),
    [scope, text, query, clitics],
  );
  useEffect(() => setSearchHits(documentHits), [documentHits, setSearchHits]);

  const questionKey = `${clitics ? 1 : 0}:${query.trim()}`;
  const corpusResult = scope === 'corpus' && answer?.key === questionKey ? answer.result : null;
  useEffect(() => {
    if (scope !== 'corpus' || !query.trim()) return;
    let cancelled = false;
    const key = `${clitics ? 1 : 0}:${query.trim()}`;
    const timer = setTimeout(() => {
      host.searchCorpus(query.trim(), { clitics }).then(
        (result) => {
          if (cancelled) return;
          setAnswer({ key, result });
          setError(null);
        },
        (e: unknown) => {
          if (!cancelled) setError(errorMessage(e));
        },
      );
    }, CORPUS_SEARCH_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [scope, query, clitics]);

  const chosenLabel = label || labels[0]?.name || '';
  return (
    <section className="panel search" aria-label={t('search')}>
      <h2>{t('search')}</h2>
      <input
        id="search-input"
        type="search"
        dir="auto"
        value={query}
        placeholder={t('searchPlaceholder')}
        aria-label={t('search')}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setQuery('');
            (e.target as HTMLInputElement).blur();
          }
        }}
      />
      <div className="row">
        <label>
          <input type="radio" name="scope" checked={scope === 'document'} onChange={() => setScope('document')} /> {t('thisDocument')}
        </label>
        <label>
          <input type="radio" name="scope" checked={scope === 'corpus'} onChange={() => setScope('corpus')} /> {t('wholeCorpus')}
        </label>
      </div>
      <label className="row">
        <input type="checkbox" checked={clitics} onChange={(e) => setClitics(e.target.checked)} /> {t('clitics')}
      </label>
      {error && <p className="error">{error}</p>}
      {scope === 'document' && query.trim() && (
        <>
          <p className="muted" role="status">{documentHits.length === 0 ? t('noHits') : t('hits', { n: documentHits.length })}</p>
          {documentHits.length > 0 && (
            <div className="row">
              <label>
                {t('annotateAllAs')}{' '}
                <select value={chosenLabel} onChange={(e) => setLabel(e.target.value)}>
                  {labels.map((l) => (
                    <option key={l.name} value={l.name}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={() => setDialog({ kind: 'annotateAll', query: query.trim(), label: chosenLabel, clitics })}>
                {t('annotateAllTitle')}…
              </button>
            </div>
          )}
        </>
      )}
      {scope === 'corpus' && corpusResult && (
        <>
          <p className="muted" role="status">
            {corpusResult.hits.length === 0 ? t('noHits') : corpusResult.truncated ? t('moreHits', { n: corpusResult.hits.length }) : t('hits', { n: corpusResult.hits.length })}
          </p>
          <ul className="hits">
            {corpusResult.hits.map((hit) => (
              <li key={`${hit.document}:${hit.start}`}>
                <button type="button" className="hit" onClick={() => void openArticle(hit.document)}>
                  <span className="doc-id" dir="ltr">{hit.document}</span>
                  <bdi dir="rtl">
                    {hit.before}
                    <mark>{hit.match}</mark>
                    {hit.after}
                  </bdi>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
