/** One bar of a chart: its label and a value per series, drawn stacked. */
export interface BarRow {
  label: string;
  values: Record<string, number>;
}

export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

const ROW = 22;
const LABEL = 220;
const WIDTH = 640;

/**
 * Horizontal stacked bars in plain SVG. The chart is a picture of the table that follows it (which
 * carries the same figures, each a link): screen readers get its title and are sent to the table.
 */
export function BarChart({ title, rows, series }: { title: string; rows: BarRow[]; series: BarSeries[] }) {
  const totals = rows.map((r) => series.reduce((sum, s) => sum + (r.values[s.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const scale = (WIDTH - LABEL - 40) / max;
  const height = rows.length * ROW + 24;
  return (
    <svg
      role="img"
      aria-label={title}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      style={{ maxWidth: WIDTH }}
    >
      <title>{title}</title>
      {series.map((s, i) => (
        <g key={s.key} transform={`translate(${LABEL + i * 130}, 4)`}>
          <rect width="10" height="10" fill={s.color} />
          <text x="14" y="9" fontSize="11">
            {s.label}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        let x = LABEL;
        const y = 24 + i * ROW;
        return (
          <g key={r.label}>
            <text x={LABEL - 6} y={y + 13} fontSize="11" textAnchor="end">
              {r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label}
            </text>
            {series.map((s) => {
              const w = (r.values[s.key] ?? 0) * scale;
              const rect = <rect key={s.key} x={x} y={y + 2} width={w} height={ROW - 6} fill={s.color} />;
              x += w;
              return rect;
            })}
            <text x={x + 4} y={y + 13} fontSize="11">
              {totals[i]}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
