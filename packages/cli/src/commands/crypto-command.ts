/**
 * What `hutong keygen`, `hutong sign` and `hutong verify-signature` share: option parsing,
 * file access relative to `io.cwd`, and one error contract — a failure prints ONE JSON
 * object `{"error":{"code","message","field"}}` on stdout and exits 2. Codes are core's
 * `ERR_CRYPTO_*` for bad keys and signatures, and these CLI codes for the rest:
 *   ERR_CLI_USAGE            a missing, unknown or conflicting option (usage on stderr too)
 *   ERR_CLI_FILE_UNREADABLE  an input file cannot be read
 *   ERR_CLI_FILE_EXISTS      an output file exists (keygen never overwrites without --force)
 *   ERR_CLI_FILE_UNWRITABLE  an output file cannot be written
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { HutongError } from '@hutong/core';
import { type CliIo, printJson } from '../command.js';
import { environmentLanguage, langArgument, languageOf } from '../language.js';

export type CliErrorCode =
  | 'ERR_CLI_USAGE'
  | 'ERR_CLI_FILE_UNREADABLE'
  | 'ERR_CLI_FILE_EXISTS'
  | 'ERR_CLI_FILE_UNWRITABLE';

/** A failure of the command line itself (not of a key or a signature). */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly field: string | undefined;

  constructor(code: CliErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.field = field;
  }
}

/**
 * Parses `--name value` options (all strings, plus boolean `--help` and `--force`, and
 * `--lang en|zh-CN`, read by `runCryptoCommand`), refusing unknown options and positionals.
 * Returns undefined when `--help` was asked for.
 */
export function parseOptions<K extends string>(
  argv: readonly string[],
  names: readonly K[],
): { values: Partial<Record<K, string>>; force: boolean } | undefined {
  const options: NonNullable<ParseArgsConfig['options']> = {
    help: { type: 'boolean', short: 'h' },
    force: { type: 'boolean' },
    lang: { type: 'string' },
  };
  for (const name of names) options[name] = { type: 'string' };
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined> };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true });
  } catch (error) {
    // parseArgs throws a TypeError (ERR_PARSE_ARGS_*) for unknown options and missing values.
    throw new CliError('ERR_CLI_USAGE', error instanceof Error ? error.message : String(error));
  }
  const lang = parsed.values.lang;
  if (typeof lang === 'string' && languageOf(lang, undefined) === null) {
    throw new CliError('ERR_CLI_USAGE', '--lang must be en or zh-CN', 'lang');
  }
  if (parsed.values.help === true) return undefined;
  const values: Partial<Record<K, string>> = {};
  for (const name of names) {
    const value = parsed.values[name];
    if (typeof value === 'string') values[name] = value;
  }
  return { values, force: parsed.values.force === true };
}

/** The value of a required option, or ERR_CLI_USAGE naming it. */
export function required<K extends string>(values: Partial<Record<K, string>>, name: K): string {
  const value = values[name];
  if (value === undefined || value === '') throw new CliError('ERR_CLI_USAGE', `--${name} is required`, name);
  return value;
}

export function resolvePath(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

/** Reads a file given by option `field`, as bytes. */
export async function readInput(io: CliIo, path: string, field: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(resolvePath(io, path)));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError('ERR_CLI_FILE_UNREADABLE', `Cannot read --${field} file ${path} (${reason})`, field);
  }
}

/** Reads a text file (a PEM key) given by option `field`. */
export async function readText(io: CliIo, path: string, field: string): Promise<string> {
  return new TextDecoder().decode(await readInput(io, path, field));
}

/**
 * Runs a command body and turns every expected failure into the JSON error contract (exit 2),
 * the message in the caller's language (`--lang` in `argv`, else the locale). Unexpected errors
 * (bugs) propagate.
 */
export async function runCryptoCommand(
  io: CliIo,
  usage: string,
  argv: readonly string[],
  body: () => Promise<number>,
): Promise<number> {
  const language = languageOf(langArgument(argv), io.env) ?? environmentLanguage(io.env);
  try {
    return await body();
  } catch (error) {
    if (error instanceof HutongError) {
      printJson(io, { error: error.toJSON(language) });
      return 2;
    }
    if (error instanceof CliError) {
      const out: { code: string; message: string; field?: string } = { code: error.code, message: error.message };
      if (error.field !== undefined) out.field = error.field;
      printJson(io, { error: out });
      if (error.code === 'ERR_CLI_USAGE') io.stderr(`${error.message}\n\n${usage}`);
      return 2;
    }
    throw error;
  }
}
