import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ES module without type declarations
import { chartOption, chartPoints } from './chart-data.mjs';
import { licenceLikeDocument } from './fixtures.mjs';
// @ts-expect-error -- plain ES module without type declarations
import { measure } from './measure.mjs';
// @ts-expect-error -- plain ES module without type declarations
import { figureRowsOf, figureTable, markdownReport, markdownTable, rowsOf } from './report.mjs';
// @ts-expect-error -- plain ES module without type declarations
import { median, meetsTarget, pairedRatio, relativeSpread, summarise } from './stats.mjs';

describe('bench statistics', () => {
  it('takes medians of odd and even lists and refuses empty ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('measures spread as the relative median absolute deviation, robust to one outlier', () => {
    expect(relativeSpread([100, 100, 100])).toBe(0);
    expect(relativeSpread([90, 100, 110, 100, 1000])).toBeCloseTo(0.1, 10);
  });

  it('pairs rounds: a load that slows both sides of a round cancels in the ratio', () => {
    const subject = [100, 50, 100, 25];
    const baseline = [110, 55, 110, 27.5];
    const ratio = pairedRatio(subject, baseline);
    expect(ratio.median).toBeCloseTo(100 / 110, 10);
    expect(ratio.spread).toBeCloseTo(0, 10);
    expect(() => pairedRatio([1], [1, 2])).toThrow();
  });

  it('judges targets on ratio and absolute rate; no target means information only', () => {
    expect(meetsTarget(undefined, 10, 2)).toBeUndefined();
    expect(meetsTarget({ minRatio: 0.9 }, 10, 0.91)).toBe(true);
    expect(meetsTarget({ minRatio: 0.9 }, 10, 0.89)).toBe(false);
    expect(meetsTarget({ minRatio: 0.9 }, 10, undefined)).toBe(false);
    expect(meetsTarget({ minOpsPerSecond: 1000 }, 999, undefined)).toBe(false);
    expect(meetsTarget({ minOpsPerSecond: 1000, minRatio: 1 }, 1000, 1)).toBe(true);
  });

  it('summarises samples', () => {
    expect(summarise([1, 2, 3])).toMatchObject({ median: 2, min: 1, max: 3 });
  });
});

describe('bench report', () => {
  const file = {
    title: 'T',
    results: [
      {
        name: 'verify',
        subjectLabel: 'core',
        baselineLabel: 'raw',
        target: { minRatio: 0.9 },
        samples: { subject: [850, 860, 870], baseline: [1000, 1000, 1000] },
      },
      { name: 'alone | piped', subjectLabel: 'core', samples: { subject: [5, 5, 5] } },
    ],
  };

  it('computes one row per workload with its verdict', () => {
    const rows = rowsOf(file);
    expect(rows[0].ratio.median).toBeCloseTo(0.86, 10);
    expect(rows[0].met).toBe(false);
    expect(rows[1].ratio).toBeUndefined();
    expect(rows[1].met).toBeUndefined();
  });

  it('renders a Markdown table with the ratio, target and verdict, escaping pipes', () => {
    const table = markdownTable(rowsOf(file));
    expect(table).toContain(
      '| verify | 860/s ±1.2%<br><sub>core</sub> | 1,000/s ±0.0%<br><sub>raw</sub> | 0.86× ±1.2% | ≥ 0.90× | **NO** |',
    );
    expect(table).toContain('alone \\| piped');
    expect(table).toContain('| info | — |');
  });
});

describe('bench report document', () => {
  it('has the command, date, machine, method, one section per file and the files not run', () => {
    const doc = markdownReport({
      command: 'npm run bench',
      date: '2026-01-01T00:00:00Z',
      machine: { cpu: 'CPU X', cores: 2, memoryGiB: '8.0', platform: 'linux', node: 'v20.0.0', load: '1.0 at start' },
      options: { rounds: 16, sliceMs: 250, warmupMs: 500 },
      files: [{ file: 'packages/a/src/a.bench.ts', title: 'A', issue: 'issue 2', results: [] }],
      skipped: [{ file: 'packages/b/src/b.bench.ts', reason: 'no default export' }],
    });
    for (const text of [
      '`npm run bench`',
      '2026-01-01T00:00:00Z',
      'CPU X × 2 cores',
      'v20.0.0',
      '1.0 at start',
      '16 rounds',
      '## A (issue 2)',
      '## Not run',
      'b.bench.ts: no default export',
      '![Every target, measured ÷ target](benchmarks.png)',
    ]) {
      expect(doc).toContain(text);
    }
  });
});

describe('bench figures', () => {
  const file = {
    title: 'System',
    results: [],
    peakRssMiB: 123.4,
    figures: [
      {
        name: 'size',
        unit: 'KB',
        better: 'lower',
        subject: { label: 'list', value: 20 },
        baseline: { label: 'raw', value: 25 },
        target: { max: 30 },
      },
      {
        name: 'p99',
        unit: 'ms',
        better: 'lower',
        subject: { label: 'hutong', value: 8 },
        baseline: { label: 'bare', value: 2 },
        target: { minRatio: 0.5 },
      },
      {
        name: 'rate',
        unit: 'req/s',
        better: 'higher',
        subject: { label: 'h', value: 900 },
        baseline: { label: 'b', value: 3000 },
      },
      { name: 'too big', unit: 'KB', better: 'lower', subject: { label: 'x', value: 31 }, target: { max: 30, min: 1 } },
    ],
  };

  it('orients ratios so that above 1 is better for Hutong and judges bounds', () => {
    const rows = figureRowsOf(file);
    expect(rows[0]).toMatchObject({ ratio: 1.25, met: true });
    expect(rows[1]).toMatchObject({ ratio: 0.25, met: false });
    expect(rows[2]).toMatchObject({ ratio: 0.3, met: undefined });
    expect(rows[3]).toMatchObject({ ratio: undefined, met: false });
  });

  it('renders a figures table with units, targets and verdicts, and the peak RSS in the section', () => {
    const table = figureTable(figureRowsOf(file));
    expect(table).toContain('| size | 20 KB<br><sub>list</sub> | 25 KB<br><sub>raw</sub> | 1.25× | ≤ 30 KB | yes |');
    expect(table).toContain('| p99 | 8 ms<br><sub>hutong</sub> | 2 ms<br><sub>bare</sub> | 0.25× | ≥ 0.50× | **NO** |');
    expect(table).toContain('| rate | 900 req/s<br><sub>h</sub> | 3,000 req/s<br><sub>b</sub> | 0.30× | info | — |');
    const doc = markdownReport({
      command: 'npm run bench',
      date: '2026-01-01T00:00:00Z',
      machine: { cpu: 'C', cores: 2, memoryGiB: '8.0', platform: 'linux', node: 'v20.0.0' },
      options: { rounds: 16, sliceMs: 250, warmupMs: 500 },
      files: [{ file: 'bench/src/s.bench.ts', ...file }],
    });
    expect(doc).toContain('| too big | 31 KB<br><sub>x</sub> | — | — | ≤ 30 KB, ≥ 1 KB | **NO** |');
    expect(doc).toContain('Peak RSS of the process that ran this file (setup included): 123 MiB.');
  });

  it('puts targeted figures on the chart, scored so that 1 is the target', () => {
    const points = chartPoints([file]);
    expect(points.map((p: { name: string }) => p.name)).toEqual(['size', 'p99', 'too big']);
    expect(points[0].achievement).toBeCloseTo(1.5, 10);
    expect(points[1].achievement).toBeCloseTo(0.5, 10);
    expect(points[2]).toMatchObject({ met: false, label: '31.0 KB (target ≤ 30.0 KB, ≥ 1.00 KB)' });
  });
});

describe('bench chart data', () => {
  const files = [
    {
      title: 'Peers',
      results: [
        {
          name: 'ratio target missed',
          subjectLabel: 'h',
          baselineLabel: 'p',
          target: { minRatio: 5 },
          samples: { subject: [100, 100, 100], baseline: [50, 50, 50] },
        },
        { name: 'info row', subjectLabel: 'h', samples: { subject: [1, 1, 1] } },
      ],
    },
    {
      title: 'Log',
      results: [
        {
          name: 'rate target met',
          subjectLabel: 'h',
          target: { minOpsPerSecond: 10_000 },
          samples: { subject: [30_000, 30_000, 30_000] },
        },
        {
          name: 'both targets, the worse counts',
          subjectLabel: 'h',
          baselineLabel: 'b',
          target: { minRatio: 1, minOpsPerSecond: 1_000 },
          samples: { subject: [500, 500, 500], baseline: [250, 250, 250] },
        },
      ],
    },
  ];

  it('plots measured ÷ target for every targeted workload and skips information rows', () => {
    const points = chartPoints(files);
    expect(points.map((p: { name: string }) => p.name)).toEqual([
      'ratio target missed',
      'rate target met',
      'both targets, the worse counts',
    ]);
    expect(points[0]).toMatchObject({ achievement: 0.4, met: false, label: '2.00× (target ≥ 5×)' });
    expect(points[1]).toMatchObject({ achievement: 3, met: true, label: '30,000/s (target ≥ 10,000/s)' });
    expect(points[2].achievement).toBeCloseTo(0.5, 10);
    expect(points[2].met).toBe(false);
  });

  it('builds a log-axis bar option with a target line at 1, first workload on top, colour by verdict', () => {
    const option = chartOption(chartPoints(files), { title: 'T', subtitle: 'S' });
    expect(option.xAxis.type).toBe('log');
    expect(option.xAxis.min).toBeLessThanOrEqual(0.4);
    expect(option.xAxis.max).toBeGreaterThanOrEqual(3);
    expect(option.yAxis.data.at(-1)).toBe('ratio target missed');
    expect(option.series[0].markLine.data).toEqual([{ xAxis: 1 }]);
    expect(option.series[0].data.at(-1).itemStyle.color).toBe('#d9534f');
    expect(option.series[0].data.at(-2).itemStyle.color).toBe('#3a9d5d');
  });
});

describe('bench fixtures', () => {
  it('pads the licence-like document to the exact canonical size', () => {
    for (const size of [800, 1024, 4096]) {
      const doc = licenceLikeDocument(size);
      const keys = Object.keys(doc);
      expect(keys).toEqual([...keys].sort());
      expect(new TextEncoder().encode(JSON.stringify(doc)).length).toBe(size);
    }
    expect(() => licenceLikeDocument(100)).toThrow();
  });
});

describe('bench measurement', () => {
  // One hot function, called once by the baseline and twice by the subject: the JIT treats
  // both sides alike, so the true ratio is 0.5.
  const unit = () => {
    let x = 0;
    for (let i = 0; i < 20_000; i++) x = (x * 31 + i) | 0;
    return x;
  };

  it('measures a subject doing twice its baseline’s work at about half the rate, sync or async', async () => {
    const samples = await measure(
      {
        name: 'double',
        subject: { label: 's', fn: () => unit() + unit() },
        baseline: { label: 'b', fn: async () => unit() },
      },
      { rounds: 8, sliceMs: 40, warmupMs: 100 },
    );
    expect(samples.subject).toHaveLength(8);
    expect(samples.baseline).toHaveLength(8);
    const ratio = pairedRatio(samples.subject, samples.baseline).median;
    expect(ratio).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(0.75);
  });

  it('refuses to time a function whose answer is not the expected one', async () => {
    await expect(
      measure(
        { name: 'wrong', subject: { label: 's', fn: () => false }, expect: true },
        { rounds: 1, sliceMs: 5, warmupMs: 1 },
      ),
    ).rejects.toThrow(/returned false, expected true/);
  });
});
