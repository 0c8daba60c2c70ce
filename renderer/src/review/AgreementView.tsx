import { useEffect, useState } from 'react';
import type { AgreementResult, CorpusProgress } from '../../../shared/host-contract';
import { disagreementCsv, formatFigure } from '../../../shared/agreement';
import { host } from '../host';
import { useT } from '../i18n';
import { activeAnnotators } from './active-annotators';
import { BarChart, HeatMap, ProgressChart } from './charts';
import { errorMessage } from '../error-message';

/**
 * Agreement across the corpus: per label and overall (Fleiss κ, Krippendorff α, αu; per pair
 * Cohen κ and span F1 exact/overlap), a per-label chart, the label confusion of a pair as a heat
 * map, each annotator's progress, and the disagreement table (downloadable as CSV).
 */
export function AgreementView() {
  const t = useT();
  const [progress, setProgress] = useState<CorpusProgress | null>(null);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [result, setResult] = useState<AgreementResult | null>(null);
  const [pair, setPair] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    host.corpusProgress().then(
      (p) => {
        setProgress(p);
        setChosen(activeAnnotators(p));
      },
      (e: unknown) => setError(String(e)),
    );
  }, []);

  async function compute() {
    setError(null);
    try {
      setResult(await host.agreement({ annotators: [...chosen] }));
      setPair(0);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function downloadCsv() {
    if (!result) return;
    const url = URL.createObjectURL(new Blob([disagreementCsv(result.report.disagreements, result.report.annotators)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'disagreements.csv';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  const report = result?.report;
  const confusion = result?.confusion[pair];
  const progressRows = (progress?.annotators ?? []).map((a) => {
    const statuses = progress?.documents.map((d) => d.layers[a]?.status ?? 'not_started') ?? [];
    return { annotator: a, done: statuses.filter((s) => s === 'done').length, inProgress: statuses.filter((s) => s === 'in_progress').length, notStarted: statuses.filter((s) => s === 'not_started').length };
  });

  return (
    <div className="agreement-view">
      <div className="label-bar" role="toolbar" aria-label={t('agreement')}>
        <fieldset className="row">
          <legend>{t('layersToCompare')}</legend>
          {(progress?.annotators ?? []).map((a) => (
            <label key={a}>
              <input type="checkbox" checked={chosen.includes(a)} onChange={(e) => setChosen(e.target.checked ? [...chosen, a] : chosen.filter((x) => x !== a))} /> <bdi>{a}</bdi>
            </label>
          ))}
        </fieldset>
        <button type="button" className="primary" onClick={() => void compute()} disabled={chosen.length < 2}>
          {t('computeAgreement')}
        </button>
      </div>
      <div className="agreement-body">
        {error && <p className="error" role="alert">{error}</p>}
        {result && result.refused.length > 0 && (
          <ul className="error" role="alert">
            {result.refused.map((r) => (
              <li key={r.document}>
                {t('refusedDocument', { document: r.document })}: {r.problems.join('; ')}
              </li>
            ))}
          </ul>
        )}
        {result && result.withoutLayers.length > 0 && <p className="muted">{t('withoutLayers', { names: result.withoutLayers.join(', ') })}</p>}
        {report && (
          <>
            <h3>{t('perLabel')}</h3>
            <table className="figures" aria-label={t('perLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('label')}</th>
                  <th scope="col">fleiss_kappa</th>
                  <th scope="col">krippendorff_alpha</th>
                  <th scope="col">alpha_u</th>
                  <th scope="col">{t('tokens')}</th>
                </tr>
              </thead>
              <tbody>
                {[...report.labels.map((l) => [l, report.corpus.labels[l]] as const), [t('overall'), report.corpus.overall] as const].map(([name, f]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>{formatFigure(f?.fleiss_kappa ?? null)}</td>
                    <td>{formatFigure(f?.krippendorff_alpha ?? null)}</td>
                    <td>{formatFigure(f?.alpha_u ?? null)}</td>
                    <td>{f?.tokens ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('pairs')}</h3>
            <table className="figures" aria-label={t('pairs')}>
              <thead>
                <tr>
                  <th scope="col">{t('pair')}</th>
                  <th scope="col">cohen_kappa</th>
                  <th scope="col">f1_exact</th>
                  <th scope="col">f1_overlap</th>
                  <th scope="col">{t('documentsCount')}</th>
                </tr>
              </thead>
              <tbody>
                {report.corpus.pairs.map((p) => (
                  <tr key={`${p.reference}|${p.other}`}>
                    <th scope="row">
                      <bdi>{p.reference}</bdi> / <bdi>{p.other}</bdi>
                    </th>
                    <td>{formatFigure(p.overall.cohen_kappa)}</td>
                    <td>{formatFigure(p.overall.f1_exact)}</td>
                    <td>{formatFigure(p.overall.f1_overlap)}</td>
                    <td>{p.documents}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('perDocument')}</h3>
            <table className="figures" aria-label={t('perDocument')}>
              <thead>
                <tr>
                  <th scope="col">{t('document')}</th>
                  <th scope="col">{t('annotatedBy')}</th>
                  <th scope="col">fleiss_kappa</th>
                  <th scope="col">krippendorff_alpha</th>
                  <th scope="col">alpha_u</th>
                  <th scope="col">{t('disagreementTable')}</th>
                </tr>
              </thead>
              <tbody>
                {report.documents.map((d) => (
                  <tr key={d.document}>
                    <th scope="row" className="doc-id" dir="ltr">
                      {d.document}
                    </th>
                    <td>
                      <bdi>{d.annotated.join(', ')}</bdi>
                      {d.missing.length > 0 && <span className="muted"> ({t('notStartedBy', { names: d.missing.join(', ') })})</span>}
                    </td>
                    <td>{formatFigure(d.overall.fleiss_kappa)}</td>
                    <td>{formatFigure(d.overall.krippendorff_alpha)}</td>
                    <td>{formatFigure(d.overall.alpha_u)}</td>
                    <td>{d.disagreements}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="charts">
              <figure>
                <BarChart title={t('alphaPerLabel')} rows={report.labels.map((l) => ({ label: l, value: report.corpus.labels[l]?.krippendorff_alpha ?? null }))} />
                <figcaption>{t('alphaPerLabel')}</figcaption>
              </figure>
              {confusion && (
                <figure>
                  <label>
                    {t('pair')}{' '}
                    <select value={pair} onChange={(e) => setPair(Number(e.target.value))}>
                      {result.confusion.map((c, i) => (
                        <option key={i} value={i}>
                          {c.reference} / {c.other}
                        </option>
                      ))}
                    </select>
                  </label>
                  <HeatMap title={t('confusion')} labels={confusion.labels} counts={confusion.counts} rowTitle={confusion.reference} columnTitle={confusion.other} />
                  <figcaption>{t('confusion')}</figcaption>
                </figure>
              )}
              <figure>
                <ProgressChart title={t('progressPerAnnotator')} rows={progressRows} />
                <figcaption>{t('progressPerAnnotator')}</figcaption>
              </figure>
            </div>
            <h3>
              {t('disagreementTable')} <span className="count">{report.disagreements.length}</span>{' '}
              <button type="button" onClick={downloadCsv}>
                {t('downloadCsv')}
              </button>
            </h3>
            <table className="figures disagreements" aria-label={t('disagreementTable')}>
              <thead>
                <tr>
                  <th scope="col">{t('document')}</th>
                  <th scope="col">{t('text')}</th>
                  {report.annotators.map((a) => (
                    <th scope="col" key={a}>
                      <bdi>{a}</bdi>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.disagreements.slice(0, 300).map((row, i) => (
                  <tr key={i}>
                    <td className="doc-id" dir="ltr">
                      {row.document}
                    </td>
                    <td>
                      <bdi dir="rtl">{row.text}</bdi>
                    </td>
                    {report.annotators.map((a) => (
                      <td key={a}>{row.labels[a] ?? '—'}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </div>
  );
}
