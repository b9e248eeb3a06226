// Times one workload: warm-up, then rounds. In a round the subject and its baseline run in
// short alternating chunks (a few milliseconds each) until each has had its slice of time, so
// both see the same momentary load of a shared machine; which one starts alternates per round.

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

/** Runs whole batches of `fn` for at least one batch and about `ms` milliseconds. */
async function run(runner, ms) {
  const { fn, batch } = runner;
  let ops = 0;
  const start = performance.now();
  let now = start;
  if (runner.async) {
    do {
      for (let i = 0; i < batch; i++) sink = await fn();
      ops += batch;
      now = performance.now();
    } while (now - start < ms);
  } else {
    do {
      for (let i = 0; i < batch; i++) sink = fn();
      ops += batch;
      now = performance.now();
    } while (now - start < ms);
  }
  return { ops, ms: now - start };
}

/** Runs `fn` for about `ms` milliseconds and returns operations per second. */
async function slice(runner, ms) {
  collect();
  const { ops, ms: elapsed } = await run(runner, ms);
  return ops / (elapsed / 1000);
}

/** One round of interleaved chunks; returns [a ops/s, b ops/s]. */
async function pairedRound(a, b, sliceMs, chunkMs) {
  collect();
  const totals = [
    { ops: 0, ms: 0 },
    { ops: 0, ms: 0 },
  ];
  while (totals[0].ms < sliceMs || totals[1].ms < sliceMs) {
    for (const [i, runner] of [a, b].entries()) {
      const r = await run(runner, chunkMs);
      totals[i].ops += r.ops;
      totals[i].ms += r.ms;
    }
  }
  return totals.map((t) => t.ops / (t.ms / 1000));
}

/** Detects whether `fn` is asynchronous and picks a batch size of about one millisecond. */
async function prepare(fn) {
  const first = fn();
  const async = isThenable(first);
  if (async) await first;
  const runner = { fn, async, batch: 1 };
  const opsPerSecond = await slice(runner, 50);
  // Batches of about 0.5 ms keep the clock reads negligible and the chunks fine-grained.
  runner.batch = Math.max(1, Math.floor(opsPerSecond / 2000));
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
 * Measures a workload. Options: warmupMs, rounds, sliceMs (time per side per round), chunkMs.
 * Returns { subject: number[], baseline?: number[] } in ops/s, one sample per round.
 */
export async function measure(workload, { warmupMs = 500, rounds = 16, sliceMs = 250, chunkMs = 5 } = {}) {
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
      const [x, y] = await pairedRound(subject, baseline, sliceMs, chunkMs);
      s.push(x);
      b.push(y);
    } else {
      const [y, x] = await pairedRound(baseline, subject, sliceMs, chunkMs);
      s.push(x);
      b.push(y);
    }
  }
  void sink;
  return baseline === undefined ? { subject: s } : { subject: s, baseline: b };
}
