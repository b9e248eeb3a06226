/** What every `hutong` sub-command is: argv in, exit code out, output through `io`. */
export interface CliIo {
  /** Writes to standard output (results: JSON for machines). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (progress and human messages). */
  readonly stderr: (text: string) => void;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /**
   * The environment the caller's language is read from (`LC_ALL`, `LC_MESSAGES`, `LANG`; see
   * `languageOf`). `main` passes `process.env`; without it a command speaks English, so that a
   * test's output does not depend on the locale of the machine running it.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

/** Writes one JSON document and a newline (the CLI contract prints one JSON object per result). */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`);
}
