/**
 * The bench-file contract (see README.md). A `*.bench.ts` file default-exports a `BenchFile`,
 * or a function returning one (possibly async: key generation and other setup go there).
 * Import these types with `import type { BenchFile } from '<relative path>/scripts/bench/types.js'`.
 */

export interface BenchFunction {
  /** What is measured, e.g. `core VerificationKey.verify (node:crypto provider)`. */
  readonly label: string;
  /** One operation. May return a promise; the harness awaits it. */
  readonly fn: () => unknown;
}

export interface BenchTarget {
  /** Hutong ÷ baseline must be at least this (needs a baseline). */
  readonly minRatio?: number;
  /** Hutong must reach this many operations per second. */
  readonly minOpsPerSecond?: number;
}

export interface BenchWorkload {
  /** Row title in docs/benchmarks.md, e.g. `Ed25519 verify, 1 KiB licence`. */
  readonly name: string;
  /** Hutong's path. */
  readonly subject: BenchFunction;
  /** The raw primitive measured in the same run, for the ratio. */
  readonly baseline?: BenchFunction;
  /** No target: the row is information only. */
  readonly target?: BenchTarget;
  /** Both functions' result is checked once against this before timing (e.g. `true` for a verify). */
  readonly expect?: unknown;
  /** A footnote under the table. */
  readonly note?: string;
}

/** A measured quantity that is not a rate of one function: a size, a latency percentile, a rate over HTTP. */
export interface BenchFigure {
  /** Row title, e.g. `Status list, 1,000,000 licences at 1 % revoked, compressed`. */
  readonly name: string;
  /** Unit shown after the values, e.g. `KB`, `ms`, `req/s`. */
  readonly unit: string;
  /** Hutong's value and what it is. */
  readonly subject: { readonly label: string; readonly value: number };
  /** The same quantity for the baseline, measured in the same run. */
  readonly baseline?: { readonly label: string; readonly value: number };
  /** Whether more is better (rates) or less (sizes, latencies): orients ratios and targets. */
  readonly better: 'higher' | 'lower';
  /**
   * `max`/`min` bound the subject's value; `minRatio` bounds the ratio, taken so that above 1
   * means Hutong does better (subject ÷ baseline for `higher`, baseline ÷ subject for `lower`).
   */
  readonly target?: { readonly max?: number; readonly min?: number; readonly minRatio?: number };
  readonly note?: string;
}

export interface BenchFile {
  /** Section heading. */
  readonly title: string;
  /** Which issue or contract set the targets, e.g. `issue 2`. */
  readonly issue?: string;
  readonly workloads: readonly BenchWorkload[];
  /** Measured once in the file's setup (sizes, latency percentiles, HTTP runs), reported in their own table. */
  readonly figures?: readonly BenchFigure[];
  /**
   * Run once after the last workload (close apps and stores, drop a server-side database):
   * what the setup opened must not keep the process alive (a PostgreSQL pool would).
   */
  readonly teardown?: () => Promise<void>;
}
