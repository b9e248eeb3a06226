// Renders docs/benchmarks.png from the chart data of scripts/bench/chart-data.mjs: ECharts'
// server-side SVG renderer, then resvg (a maintained Rust SVG rasteriser) to PNG. Lives in
// bench/ because its two dependencies are bench-only.
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { chartOption } from '../scripts/bench/chart-data.mjs';

const ROW_HEIGHT = 26;

/** PNG bytes of the chart of `points` (see chartPoints). */
export function renderChart(points, { title, subtitle }) {
  const width = 1400;
  const height = Math.max(300, 130 + points.length * ROW_HEIGHT);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(points, { title, subtitle }));
    const svg = chart.renderToSVGString();
    const png = new Resvg(svg, {
      background: '#ffffff',
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    })
      .render()
      .asPng();
    return { svg, png };
  } finally {
    chart.dispose();
  }
}
