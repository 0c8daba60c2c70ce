/** Summaries of repeated measurements and the printed report. */

export interface Measurement {
  /** What was measured, e.g. "open 100k / 5,000 spans". */
  readonly name: string;
  readonly unit: 'ms' | 's' | 'MB' | 'fps' | 'files';
  /** The target: the median (or `statistic`) must be at most this (at least, for fps); null: reported only. */
  readonly target: number | null;
  /** Which figure is held against the target. */
  readonly statistic: 'median' | 'p95' | 'max';
  readonly samples: readonly number[];
}

export interface Summary {
  readonly name: string;
  readonly unit: Measurement['unit'];
  readonly statistic: Measurement['statistic'];
  readonly target: number | null;
  readonly runs: number;
  readonly median: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
  /** The figure compared with the target. */
  readonly value: number;
  readonly pass: boolean;
}

/** The q-quantile (0…1) of `values` by linear interpolation between closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}

export function summarise(m: Measurement): Summary {
  const median = quantile(m.samples, 0.5);
  const p95 = quantile(m.samples, 0.95);
  const min = Math.min(...m.samples);
  const max = Math.max(...m.samples);
  const value = m.statistic === 'median' ? median : m.statistic === 'p95' ? p95 : max;
  const pass = m.target === null || (m.unit === 'fps' ? value >= m.target : value <= m.target);
  return { name: m.name, unit: m.unit, statistic: m.statistic, target: m.target, runs: m.samples.length, median, p95, min, max, value, pass };
}

function fixed(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** A plain-text table: one row per measurement with its median, spread and verdict. */
export function formatTable(summaries: readonly Summary[]): string {
  const head = ['measurement', 'target', 'median', 'p95', 'min–max', 'runs', ''];
  const rows = summaries.map((s) => {
    const cmp = s.unit === 'fps' ? '≥' : '≤';
    return [
      s.name,
      s.target === null ? '(reported)' : `${s.statistic} ${cmp} ${fixed(s.target)} ${s.unit}`,
      `${fixed(s.median)} ${s.unit}`,
      `${fixed(s.p95)}`,
      `${fixed(s.min)}–${fixed(s.max)}`,
      String(s.runs),
      s.target === null ? '' : s.pass ? 'ok' : 'MISSED',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
