// Turns measured samples into the rows and the Markdown of docs/benchmarks.md.
import { meetsTarget, pairedRatio, summarise } from './stats.mjs';

/** One table row per workload: figures, ratio, target, verdict. */
export function rowsOf(fileResult) {
  return fileResult.results.map((r) => {
    const subject = summarise(r.samples.subject);
    const baseline = r.samples.baseline === undefined ? undefined : summarise(r.samples.baseline);
    const ratio = r.samples.baseline === undefined ? undefined : pairedRatio(r.samples.subject, r.samples.baseline);
    return {
      name: r.name,
      subjectLabel: r.subjectLabel,
      baselineLabel: r.baselineLabel,
      subject,
      baseline,
      ratio,
      target: r.target,
      met: meetsTarget(r.target, subject.median, ratio?.median),
      note: r.note,
    };
  });
}

/**
 * One row per figure: the ratio oriented so that above 1 means Hutong does better, and the
 * verdict against its bounds.
 */
export function figureRowsOf(fileResult) {
  return (fileResult.figures ?? []).map((f) => {
    const value = f.subject.value;
    const ratio =
      f.baseline === undefined
        ? undefined
        : f.better === 'higher'
          ? value / f.baseline.value
          : f.baseline.value / value;
    const t = f.target;
    let met;
    if (t !== undefined) {
      met = true;
      if (t.max !== undefined && !(value <= t.max)) met = false;
      if (t.min !== undefined && !(value >= t.min)) met = false;
      if (t.minRatio !== undefined && !(ratio !== undefined && ratio >= t.minRatio)) met = false;
    }
    return { ...f, ratio, met };
  });
}

function amount(value, unit) {
  const text =
    Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : Number(value.toPrecision(3)).toString();
  return `${text} ${unit}`;
}

function figureTargetText(f) {
  const t = f.target;
  if (t === undefined) return 'info';
  const parts = [];
  if (t.max !== undefined) parts.push(`≤ ${amount(t.max, f.unit)}`);
  if (t.min !== undefined) parts.push(`≥ ${amount(t.min, f.unit)}`);
  if (t.minRatio !== undefined) parts.push(`≥ ${t.minRatio.toFixed(2)}×`);
  return parts.join(', ');
}

/** The Markdown table of a file's figures (measured once: sizes, percentiles, HTTP runs). */
export function figureTable(rows) {
  const lines = ['| Figure | Hutong | Baseline (same run) | Ratio | Target | Met? |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const hutong = `${amount(r.subject.value, r.unit)}<br><sub>${cell(r.subject.label)}</sub>`;
    const baseline =
      r.baseline === undefined ? '—' : `${amount(r.baseline.value, r.unit)}<br><sub>${cell(r.baseline.label)}</sub>`;
    const ratio = r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`;
    lines.push(`| ${cell(r.name)} | ${hutong} | ${baseline} | ${ratio} | ${figureTargetText(r)} | ${metText(r.met)} |`);
  }
  const notes = rows.filter((r) => r.note !== undefined).map((r) => `- *${cell(r.name)}*: ${r.note}`);
  return notes.length === 0 ? lines.join('\n') : `${lines.join('\n')}\n\n${notes.join('\n')}`;
}

function ops(summary) {
  const value =
    summary.median >= 100 ? Math.round(summary.median).toLocaleString('en-US') : summary.median.toPrecision(3);
  return `${value}/s ±${(summary.spread * 100).toFixed(1)}%`;
}

function targetText(target) {
  if (target === undefined) return 'info';
  const parts = [];
  if (target.minRatio !== undefined) parts.push(`≥ ${target.minRatio.toFixed(2)}×`);
  if (target.minOpsPerSecond !== undefined) parts.push(`≥ ${target.minOpsPerSecond.toLocaleString('en-US')}/s`);
  return parts.join(', ');
}

function metText(met) {
  return met === undefined ? '—' : met ? 'yes' : '**NO**';
}

function cell(text) {
  return String(text).replace(/\|/g, '\\|');
}

/** The Markdown table of one bench file. */
export function markdownTable(rows) {
  const lines = ['| Workload | Hutong | Baseline (same run) | Ratio | Target | Met? |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const hutong = `${ops(r.subject)}<br><sub>${cell(r.subjectLabel)}</sub>`;
    const baseline = r.baseline === undefined ? '—' : `${ops(r.baseline)}<br><sub>${cell(r.baselineLabel)}</sub>`;
    const ratio = r.ratio === undefined ? '—' : `${r.ratio.median.toFixed(2)}× ±${(r.ratio.spread * 100).toFixed(1)}%`;
    lines.push(
      `| ${cell(r.name)} | ${hutong} | ${baseline} | ${ratio} | ${targetText(r.target)} | ${metText(r.met)} |`,
    );
  }
  const notes = rows.filter((r) => r.note !== undefined).map((r) => `- *${cell(r.name)}*: ${r.note}`);
  return notes.length === 0 ? lines.join('\n') : `${lines.join('\n')}\n\n${notes.join('\n')}`;
}

/** The whole docs/benchmarks.md. */
export function markdownReport({ command, date, machine, options, files, skipped = [] }) {
  const sections = files.map((f) => {
    const heading = f.issue === undefined ? f.title : `${f.title} (${f.issue})`;
    const parts = [`## ${heading}`, `<sub>${f.file}</sub>`];
    if (f.results.length > 0) parts.push(markdownTable(rowsOf(f)));
    const figures = figureRowsOf(f);
    if (figures.length > 0) parts.push(figureTable(figures));
    if (f.peakRssMiB !== undefined)
      parts.push(`Peak RSS of the process that ran this file (setup included): ${Math.round(f.peakRssMiB)} MiB.`);
    return parts.join('\n\n');
  });
  if (skipped.length > 0) {
    sections.push(`## Not run\n\n${skipped.map((s) => `- ${s.file}: ${s.reason}`).join('\n')}`);
  }
  return `# Benchmarks

Generated by \`${command}\` — do not edit by hand; run it again.

![Every target, measured ÷ target](benchmarks.png)

- Date: ${date}
- Machine: ${machine.cpu} × ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}
- Node: ${machine.node}
- Load: ${machine.load ?? 'not recorded'}
- Method: ${options.rounds} rounds per workload after ${options.warmupMs} ms warm-up; in each round the Hutong path and its baseline run in alternating chunks of a few milliseconds until each has had ${options.sliceMs} ms (which one starts alternates per round). Figures are medians over the rounds, ± the median absolute deviation; the ratio is the median of the per-round ratios (Hutong ÷ baseline), so load on the machine cancels within a round. "info" rows have no target.

${sections.join('\n\n')}
`;
}

/** Plain-text summary for the terminal. */
export function textSummary(files) {
  const out = [];
  for (const f of files) {
    out.push(f.title);
    for (const r of rowsOf(f)) {
      const ratio = r.ratio === undefined ? '' : ` ratio ${r.ratio.median.toFixed(2)}×`;
      const verdict = r.met === undefined ? '' : r.met ? ' (target met)' : ' (TARGET MISSED)';
      out.push(`  ${r.name}: ${ops(r.subject)}${r.baseline ? ` vs ${ops(r.baseline)}` : ''}${ratio}${verdict}`);
    }
    for (const r of figureRowsOf(f)) {
      const ratio = r.ratio === undefined ? '' : ` ratio ${r.ratio.toFixed(2)}×`;
      const verdict = r.met === undefined ? '' : r.met ? ' (target met)' : ' (TARGET MISSED)';
      const baseline = r.baseline === undefined ? '' : ` vs ${amount(r.baseline.value, r.unit)}`;
      out.push(`  ${r.name}: ${amount(r.subject.value, r.unit)}${baseline}${ratio}${verdict}`);
    }
    if (f.peakRssMiB !== undefined) out.push(`  peak RSS ${Math.round(f.peakRssMiB)} MiB`);
  }
  return `${out.join('\n')}\n`;
}
