// The chart of docs/benchmarks.png, as data: one bar per workload that has a target, its
// measured figure divided by its target (1 = exactly on target), so ratios and absolute
// rates of every section share one axis. Rendering (ECharts → SVG → PNG) is bench/chart.mjs.
import { figureRowsOf, rowsOf } from './report.mjs';

function fixed(value) {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
}

/**
 * One point per targeted workload: `achievement` = measured ÷ target (the lower of the two
 * when a workload has both a ratio and a rate target), `met`, and a label with the figures.
 */
export function chartPoints(files) {
  const points = [];
  for (const file of files) {
    for (const row of rowsOf(file)) {
      const target = row.target;
      if (target === undefined) continue;
      const parts = [];
      const scores = [];
      if (target.minRatio !== undefined && row.ratio !== undefined) {
        scores.push(row.ratio.median / target.minRatio);
        parts.push(`${row.ratio.median.toFixed(2)}× (target ≥ ${target.minRatio}×)`);
      }
      if (target.minOpsPerSecond !== undefined) {
        scores.push(row.subject.median / target.minOpsPerSecond);
        parts.push(`${fixed(row.subject.median)}/s (target ≥ ${target.minOpsPerSecond.toLocaleString('en-US')}/s)`);
      }
      if (scores.length === 0) continue;
      points.push({
        section: file.title,
        name: row.name,
        achievement: Math.min(...scores),
        met: row.met === true,
        label: parts.join(', '),
      });
    }
    for (const figure of figureRowsOf(file)) {
      const target = figure.target;
      if (target === undefined) continue;
      const value = figure.subject.value;
      const bounds = [];
      const parts = [];
      const scores = [];
      if (target.max !== undefined) {
        scores.push(target.max / value);
        bounds.push(`≤ ${fixed(target.max)} ${figure.unit}`);
      }
      if (target.min !== undefined) {
        scores.push(value / target.min);
        bounds.push(`≥ ${fixed(target.min)} ${figure.unit}`);
      }
      if (bounds.length > 0) parts.push(`${fixed(value)} ${figure.unit} (target ${bounds.join(', ')})`);
      if (target.minRatio !== undefined && figure.ratio !== undefined) {
        scores.push(figure.ratio / target.minRatio);
        parts.push(`${figure.ratio.toFixed(2)}× (target ≥ ${target.minRatio}×)`);
      }
      if (scores.length === 0) continue;
      points.push({
        section: file.title,
        name: figure.name,
        achievement: Math.min(...scores),
        met: figure.met === true,
        label: parts.join(', '),
      });
    }
  }
  return points;
}

/** The ECharts option: horizontal bars on a log axis, a line at 1 (the target). */
export function chartOption(points, { title, subtitle }) {
  const ordered = [...points].reverse(); // ECharts draws the first category at the bottom
  const values = ordered.map((p) => p.achievement);
  const min = Math.min(0.01, ...values);
  const max = Math.max(10, ...values);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, subtext: subtitle, left: 10, top: 8, textStyle: { fontSize: 18 } },
    grid: { left: 430, right: 260, top: 80, bottom: 40 },
    xAxis: {
      type: 'log',
      logBase: 10,
      min: 10 ** Math.floor(Math.log10(min)),
      max: 10 ** Math.ceil(Math.log10(max)),
      name: 'measured ÷ target',
      nameLocation: 'middle',
      nameGap: 26,
    },
    yAxis: {
      type: 'category',
      data: ordered.map((p) => p.name),
      axisLabel: { width: 410, overflow: 'truncate', fontSize: 11 },
    },
    series: [
      {
        type: 'bar',
        data: ordered.map((p) => ({
          value: p.achievement,
          itemStyle: { color: p.met ? '#3a9d5d' : '#d9534f' },
          label: { show: true, position: 'right', formatter: p.label, fontSize: 11 },
        })),
        markLine: {
          symbol: 'none',
          lineStyle: { color: '#333', type: 'dashed' },
          label: { formatter: 'target', position: 'end' },
          data: [{ xAxis: 1 }],
        },
      },
    ],
  };
}
