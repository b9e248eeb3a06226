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

export interface BenchFile {
  /** Section heading. */
  readonly title: string;
  /** Which issue or contract set the targets, e.g. `issue 2`. */
  readonly issue?: string;
  readonly workloads: readonly BenchWorkload[];
}
