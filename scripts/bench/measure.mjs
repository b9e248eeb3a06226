// Times one workload: warm-up, then rounds of back-to-back slices of the subject and its
// baseline in alternating order (ABBA), each slice counting operations for a fixed time.

let sink;

function isThenable(value) {
  return (
    value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function'
  );
}

function collect() {
  // With --expose-gc the runner starts each slice from a clean heap, so one side does not pay
  // for the other's garbage.
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

/** Runs `fn` for about `ms` milliseconds and returns operations per second. */
async function slice(runner, ms) {
  collect();
  const { fn, batch } = runner;
  let ops = 0;
  const start = performance.now();
  let now = start;
  if (runner.async) {
    while (now - start < ms) {
      for (let i = 0; i < batch; i++) sink = await fn();
      ops += batch;
      now = performance.now();
    }
  } else {
    while (now - start < ms) {
      for (let i = 0; i < batch; i++) sink = fn();
      ops += batch;
      now = performance.now();
    }
  }
  return ops / ((now - start) / 1000);
}

/** Detects whether `fn` is asynchronous and picks a batch size of about one millisecond. */
async function prepare(fn) {
  const first = fn();
  const async = isThenable(first);
  if (async) await first;
  const runner = { fn, async, batch: 1 };
  const opsPerSecond = await slice(runner, 50);
  runner.batch = Math.max(1, Math.floor(opsPerSecond / 1000));
  return runner;
}

function same(a, b) {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((v, i) => v === b[i]);
  return Object.is(a, b);
}

/** Calls `fn` once and checks its result against the workload's `expect` (a benchmark of a failing path measures nothing). */
async function check(name, label, fn, expected) {
  const value = await fn();
  if (expected !== undefined && !same(value, expected)) {
    throw new Error(`bench '${name}': ${label} returned ${String(value)}, expected ${String(expected)}`);
  }
}

/**
 * Measures a workload. Options: warmupMs, rounds, sliceMs.
 * Returns { subject: number[], baseline?: number[] } in ops/s, one sample per round.
 */
export async function measure(workload, { warmupMs = 500, rounds = 12, sliceMs = 250 } = {}) {
  await check(workload.name, workload.subject.label, workload.subject.fn, workload.expect);
  if (workload.baseline) await check(workload.name, workload.baseline.label, workload.baseline.fn, workload.expect);
  const subject = await prepare(workload.subject.fn);
  const baseline = workload.baseline ? await prepare(workload.baseline.fn) : undefined;
  await slice(subject, warmupMs);
  if (baseline) await slice(baseline, warmupMs);
  const s = [];
  const b = [];
  for (let round = 0; round < rounds; round++) {
    if (baseline === undefined) {
      s.push(await slice(subject, sliceMs));
    } else if (round % 2 === 0) {
      s.push(await slice(subject, sliceMs));
      b.push(await slice(baseline, sliceMs));
    } else {
      b.push(await slice(baseline, sliceMs));
      s.push(await slice(subject, sliceMs));
    }
  }
  void sink;
  return baseline === undefined ? { subject: s } : { subject: s, baseline: b };
}
