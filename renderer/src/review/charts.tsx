/**
 * Small SVG charts for the agreement view, written by hand: three fixed chart shapes need no
 * charting library. Colours come from CSS classes (the CSP forbids inline styles); sizes are SVG
 * attributes. Every chart has a text alternative (a table or an aria-label).
 */

/** Horizontal bars, one per row, for values in [min, 1] (κ and α can be negative); null is "n/a". */
export function BarChart({ rows, min = -0.2, title }: { rows: readonly { label: string; value: number | null }[]; min?: number; title: string }) {
  const width = 420;
  const labelWidth = 120;
  const barHeight = 20;
  const gap = 6;
  const height = rows.length * (barHeight + gap) + 24;
  const x = (v: number) => labelWidth + ((Math.max(min, Math.min(1, v)) - min) / (1 - min)) * (width - labelWidth - 50);
  const zero = x(0);
  return (
    <svg className="chart" role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <title>{title}</title>
      {[0, 0.2, 0.4, 0.6, 0.8, 1].map((t) => (
        <g key={t}>
          <line className="chart-grid" x1={x(t)} x2={x(t)} y1={0} y2={height - 18} />
          <text className="chart-tick" x={x(t)} y={height - 4} textAnchor="middle">
            {t.toFixed(1)}
          </text>
        </g>
      ))}
      {rows.map((row, i) => {
        const y = i * (barHeight + gap);
        const v = row.value;
        return (
          <g key={row.label}>
            <text className="chart-label" x={labelWidth - 6} y={y + barHeight * 0.72} textAnchor="end">
              {row.label}
            </text>
            {v === null ? (
              <text className="chart-na" x={zero + 4} y={y + barHeight * 0.72}>
                n/a
              </text>
            ) : (
              <>
                <rect className={v >= 0.8 ? 'bar good' : v >= 0.67 ? 'bar fair' : 'bar poor'} x={Math.min(zero, x(v))} y={y} width={Math.abs(x(v) - zero)} height={barHeight} />
                <text className="chart-value" x={Math.max(zero, x(v)) + 4} y={y + barHeight * 0.72}>
                  {v.toFixed(3)}
                </text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** A confusion matrix as a heat map: rows one annotator's labels, columns the other's; counts of tokens. */
export function HeatMap({ labels, counts, rowTitle, columnTitle, title }: { labels: readonly string[]; counts: readonly (readonly number[])[]; rowTitle: string; columnTitle: string; title: string }) {
  const cell = 46;
  const head = 120;
  const size = head + labels.length * cell;
  const max = Math.max(1, ...counts.flat());
  return (
    <svg className="chart" role="img" aria-label={title} viewBox={`0 0 ${size + 90} ${size + 24}`} width={size + 90} height={size + 24}>
      <title>{title}</title>
      <text className="chart-axis" x={head + (labels.length * cell) / 2} y={12} textAnchor="middle">
        {columnTitle}
      </text>
      <text className="chart-axis" x={12} y={head + (labels.length * cell) / 2} textAnchor="middle" transform={`rotate(-90 12 ${head + (labels.length * cell) / 2})`}>
        {rowTitle}
      </text>
      {labels.map((l, j) => (
        <text key={`c${l}`} className="chart-label" x={head + j * cell + cell / 2} y={head - 6} textAnchor="start" transform={`rotate(-45 ${head + j * cell + cell / 2} ${head - 6})`}>
          {l}
        </text>
      ))}
      {labels.map((l, i) => (
        <g key={`r${l}`}>
          <text className="chart-label" x={head - 6} y={head + i * cell + cell * 0.6} textAnchor="end">
            {l}
          </text>
          {labels.map((m, j) => {
            const n = counts[i]?.[j] ?? 0;
            const level = n === 0 ? 0 : Math.min(5, 1 + Math.floor((n / max) * 5));
            return (
              <g key={`${l}-${m}`}>
                <rect className={`heat heat-${level}${i === j ? ' diagonal' : ''}`} x={head + j * cell} y={head + i * cell} width={cell - 2} height={cell - 2}>
                  <title>{`${l} × ${m}: ${n}`}</title>
                </rect>
                <text className={level >= 4 ? 'heat-text light' : 'heat-text'} x={head + j * cell + cell / 2 - 1} y={head + i * cell + cell * 0.6} textAnchor="middle">
                  {n}
                </text>
              </g>
            );
          })}
        </g>
      ))}
    </svg>
  );
}

/** Stacked bars per annotator: documents done, in progress, not started. */
export function ProgressChart({ rows, title }: { rows: readonly { annotator: string; done: number; inProgress: number; notStarted: number }[]; title: string }) {
  const width = 420;
  const labelWidth = 120;
  const barHeight = 20;
  const gap = 6;
  const height = rows.length * (barHeight + gap) + 4;
  return (
    <svg className="chart" role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <title>{title}</title>
      {rows.map((row, i) => {
        const total = Math.max(1, row.done + row.inProgress + row.notStarted);
        const scale = (width - labelWidth - 60) / total;
        const y = i * (barHeight + gap);
        return (
          <g key={row.annotator}>
            <text className="chart-label" x={labelWidth - 6} y={y + barHeight * 0.72} textAnchor="end">
              {row.annotator}
            </text>
            <rect className="bar status-bar-done" x={labelWidth} y={y} width={row.done * scale} height={barHeight} />
            <rect className="bar status-bar-in_progress" x={labelWidth + row.done * scale} y={y} width={row.inProgress * scale} height={barHeight} />
            <rect className="bar status-bar-not_started" x={labelWidth + (row.done + row.inProgress) * scale} y={y} width={row.notStarted * scale} height={barHeight} />
            <text className="chart-value" x={labelWidth + total * scale + 4} y={y + barHeight * 0.72}>
              {row.done}/{total}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
