/**
 * The agreement report as text for people: a plain-text table for the terminal
 * ({@link agreementTable}) and a short Markdown summary for a dataset's datasheet
 * ({@link agreementMarkdown}). Figures are shown with three decimals; an undefined figure
 * (`null`) is shown as `n/a`.
 */
import type { AgreementReport, GroupFigures, PairFigures } from './agreement-report.js';

/** A figure with three decimals (`0.743`), or `n/a` for `null`; never `-0.000`. */
export function formatFigure(value: number | null): string {
  if (value === null) return 'n/a';
  return (Math.abs(value) < 0.0005 ? 0 : value).toFixed(3);
}

/** What `n/a` means, said once under every table. */
export const NOT_DEFINED_NOTE = 'n/a: not defined (nothing to compare, or no variation to correct for chance).';

/**
 * The report as aligned plain-text tables: all annotators (per label and overall), every pair
 * (per label and overall), and one line per document with who annotated it. Ends with a newline.
 */
export function agreementTable(report: AgreementReport): string {
  const { corpus } = report;
  const out: string[] = [];
  out.push(
    `Agreement among ${listing(report.annotators)}: ${plural(corpus.documents, 'document')} compared, ${corpus.complete_documents} annotated by all.`,
    'Units: tokens for Cohen κ, Fleiss κ and Krippendorff α; characters for αu; spans for P/R/F1 (the first of a pair is the reference).',
    '',
  );
  const groupRow = (name: string, g: GroupFigures): string[] => [name, String(g.tokens), formatFigure(g.fleiss_kappa), formatFigure(g.krippendorff_alpha), formatFigure(g.alpha_u)];
  out.push(
    ...aligned([
      ['all annotators', 'tokens', 'Fleiss κ', 'Krippendorff α', 'αu'],
      groupRow('  overall', corpus.overall),
      ...report.labels.map((l) => groupRow(`  ${l}`, corpus.labels[l] as GroupFigures)),
    ]),
    '',
  );
  const pairRow = (name: string, f: PairFigures): string[] => [
    name,
    String(f.tokens),
    formatFigure(f.cohen_kappa),
    formatFigure(f.precision_exact),
    formatFigure(f.recall_exact),
    formatFigure(f.f1_exact),
    formatFigure(f.precision_overlap),
    formatFigure(f.recall_overlap),
    formatFigure(f.f1_overlap),
  ];
  const pairRows: string[][] = [['pair (reference / other)', 'tokens', 'Cohen κ', 'P exact', 'R exact', 'F1 exact', 'P overlap', 'R overlap', 'F1 overlap']];
  for (const p of corpus.pairs) {
    pairRows.push(pairRow(`${p.reference} / ${p.other} (${plural(p.documents, 'document')})`, p.overall));
    for (const l of report.labels) pairRows.push(pairRow(`  ${l}`, p.labels[l] as PairFigures));
  }
  out.push(...aligned(pairRows), '');
  const docRows: string[][] = [['document', 'annotated by', 'tokens', 'Fleiss κ', 'Krippendorff α', 'αu', 'disagreements']];
  for (const d of report.documents) {
    const who = `${listing(d.annotated)}${d.missing.length > 0 ? ` (not started: ${d.missing.join(', ')})` : ''}`;
    docRows.push([d.document, who, String(d.overall.tokens), formatFigure(d.overall.fleiss_kappa), formatFigure(d.overall.krippendorff_alpha), formatFigure(d.overall.alpha_u), String(d.disagreements)]);
  }
  out.push(...aligned(docRows), '', NOT_DEFINED_NOTE);
  return `${out.join('\n')}\n`;
}

/**
 * A short Markdown summary: one sentence (`intro`, then what the units are), a table of the
 * figures of all annotators per label and overall, and a table of the pairs' Cohen κ and F1.
 * No trailing newline.
 */
export function agreementMarkdown(report: AgreementReport, intro: string): string {
  const { corpus } = report;
  const lines = [
    `${intro} Cohen's κ, Fleiss' κ and Krippendorff's α (nominal) over ${plural(corpus.overall.tokens, 'token')}; αu (Krippendorff's unitizing α) over characters; span F1 with the first annotator of a pair as the reference.`,
    '',
    '| label | Fleiss κ | Krippendorff α | αu |',
    '|---|---|---|---|',
    ...[['overall', corpus.overall] as const, ...report.labels.map((l) => [l, corpus.labels[l] as GroupFigures] as const)].map(
      ([name, g]) => `| ${cell(name)} | ${formatFigure(g.fleiss_kappa)} | ${formatFigure(g.krippendorff_alpha)} | ${formatFigure(g.alpha_u)} |`,
    ),
    '',
    '| pair (reference / other) | documents | Cohen κ | F1 exact | F1 overlap |',
    '|---|---|---|---|---|',
    ...corpus.pairs.map(
      (p) => `| ${cell(p.reference)} / ${cell(p.other)} | ${p.documents} | ${formatFigure(p.overall.cohen_kappa)} | ${formatFigure(p.overall.f1_exact)} | ${formatFigure(p.overall.f1_overlap)} |`,
    ),
    '',
    NOT_DEFINED_NOTE,
  ];
  return lines.join('\n');
}

/** Rows padded into columns: the first left-aligned, the others right-aligned; two spaces apart. */
function aligned(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((row) =>
    row
      .map((c, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - [...c].length);
        return i === 0 ? c + pad : pad + c;
      })
      .join('  ')
      .trimEnd(),
  );
}

function listing(names: readonly string[]): string {
  if (names.length === 0) return 'nobody';
  if (names.length === 1) return names[0] as string;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] as string}`;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** A value safe inside a Markdown table cell: no line breaks, `|` escaped. */
function cell(value: string): string {
  return value.replace(/\r\n|[\r\n]/g, ' ').replace(/\|/g, '\\|');
}
