// Robust statistics for benchmark samples: medians and median absolute deviations, because a
// shared machine produces outliers (GC, other processes) that a mean would absorb.

/** The median of a non-empty list of numbers. */
export function median(values) {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation relative to the median (0.02 = ±2 %). */
export function relativeSpread(values) {
  const m = median(values);
  if (m === 0) return 0;
  return median(values.map((v) => Math.abs(v - m))) / Math.abs(m);
}

/**
 * The ratio subject / baseline from paired rounds: each round measured both back to back, so
 * the ratio of a pair cancels the load the machine had at that moment; the median of the
 * pairs' ratios is then far steadier than the ratio of the two medians.
 */
export function pairedRatio(subject, baseline) {
  if (subject.length !== baseline.length || subject.length === 0)
    throw new Error('paired samples must have the same, non-zero length');
  const ratios = subject.map((s, i) => s / baseline[i]);
  return { median: median(ratios), spread: relativeSpread(ratios), ratios };
}

/** Summarises one series of ops/s samples. */
export function summarise(samples) {
  return {
    median: median(samples),
    spread: relativeSpread(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples,
  };
}

/** Whether a measured workload meets its target (undefined when it has none: information only). */
export function meetsTarget(target, subjectOpsPerSecond, ratio) {
  if (target === undefined) return undefined;
  if (target.minRatio !== undefined && (ratio === undefined || ratio < target.minRatio)) return false;
  if (target.minOpsPerSecond !== undefined && subjectOpsPerSecond < target.minOpsPerSecond) return false;
  return true;
}
