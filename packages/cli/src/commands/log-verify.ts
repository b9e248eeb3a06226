/**
 * `hutong log verify --url URL [--state FILE] [--key VKEY]… [--witness VKEY]…`
 *
 * The monitor a third party runs to watch a node's transparency log, through its public
 * endpoints only (C2SP tlog-tiles): downloads the checkpoint and every entry bundle and
 * hash tile it has not seen yet, recomputes the root from the entries, checks it extends
 * what the state file saved (no rollback, no fork), checks every hash tile against the
 * recomputed subtrees, and verifies the note signature(s) — against `--key`, else the key
 * pinned in the state, else `/log/key` trusted on first use and then pinned. The state is
 * written only after a run that passed. (`@hutong/server`'s `monitorLog` does the work.)
 *
 * `hutong log verify --receipt FILE --key VKEY [--identifier ID] [--witness VKEY]…` checks a
 * licence's log receipt offline instead (core `verifyLogReceipt`).
 *
 * Output: one JSON object on stdout. Exit 0 when everything verified; 1 with
 * `{"error":{"code","message","field"}}` (and a sentence on stderr) on any mismatch or
 * failure to read the log; 2 for a usage mistake.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Language } from '@hutong/core';
import { isHutongError, verifyLogReceipt } from '@hutong/core';
import { isServerError, type MonitorState, monitorLog, parseLogVerifierKey } from '@hutong/server';
import { type CliIo, type Command, printJson } from '../command.js';
import { LANG_OPTION_HELP, languageOf } from '../language.js';

const USAGE = `Usage: hutong log verify --url URL [--state FILE] [--key VKEY]... [--witness VKEY]...
       hutong log verify --receipt FILE --key VKEY [--identifier ID] [--witness VKEY]...

Monitors a node's transparency log from the outside:
  --url       the node's base URL (its /log/checkpoint, /log/tile/… are read)
  --state     where to keep what was verified (read first if it exists; written after success)
  --key       the log's note verifier key (<name>+<hex>+<base64>); default: the pinned one,
              else /log/key on first use (trust on first use, then pinned in --state)
  --witness   a witness's cosignature key whose cosignature must be on the checkpoint
Or checks a log receipt offline:
  --receipt   a receipt file (JSON, format hutong-log-receipt/1), with --key
  --identifier  the licence identifier the receipt must be about
  ${LANG_OPTION_HELP.en}
Exit 0 verified; 1 a mismatch or an unreachable log, {"error":{"code","message","field"}}; 2 usage.
`;

interface Values {
  url?: string;
  state?: string;
  key?: string[];
  witness?: string[];
  receipt?: string;
  identifier?: string;
  lang?: string;
  help?: boolean;
}

function pathOf(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

function failure(io: CliIo, code: string, message: string, field?: string): number {
  printJson(io, { error: { code, message, ...(field === undefined ? {} : { field }) } });
  io.stderr(`hutong log verify: ${message}\n`);
  return 1;
}

function reportError(io: CliIo, error: unknown, language: Language): number {
  if (isServerError(error) || isHutongError(error))
    return failure(io, error.code, error.localize(language), error.field);
  throw error;
}

async function readJson(io: CliIo, file: string, field: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(pathOf(io, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && field === 'state') return undefined;
    throw Object.assign(new Error(`cannot read --${field} ${file} (${code ?? 'error'})`), {
      cliCode: 'ERR_CLI_FILE_UNREADABLE',
      field,
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error(`--${field} ${file} is not JSON`), { cliCode: 'ERR_CLI_FILE_UNREADABLE', field });
  }
}

/** Writes the state next to its final place and renames it over, so a crash never leaves half a state. */
async function writeState(io: CliIo, file: string, state: MonitorState): Promise<void> {
  const target = pathOf(io, file);
  const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, target);
}

async function verifyReceipt(io: CliIo, values: Values): Promise<number> {
  const keys = values.key ?? [];
  if (keys.length === 0) return usage(io, '--receipt needs --key (the log’s note key)');
  const receipt = await readJson(io, values.receipt as string, 'receipt');
  const verified = await verifyLogReceipt(receipt, keys.map(parseLogVerifierKey), {
    ...(values.identifier === undefined ? {} : { target: values.identifier }),
    witnesses: (values.witness ?? []).map(parseLogVerifierKey),
  });
  printJson(io, {
    ok: true,
    origin: verified.origin,
    index: verified.index,
    treeSize: verified.treeSize,
    event: verified.entry.event,
    target: verified.entry.target ?? null,
    signedBy: verified.signedBy,
  });
  return 0;
}

function usage(io: CliIo, problem: string): number {
  io.stderr(`hutong log verify: ${problem}\n\n${USAGE}`);
  printJson(io, { error: { code: 'ERR_CLI_USAGE', message: problem } });
  return 2;
}

export const logVerify: Command = async (argv, io) => {
  let values: Values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        state: { type: 'string' },
        key: { type: 'string', multiple: true },
        witness: { type: 'string', multiple: true },
        receipt: { type: 'string' },
        identifier: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const language = languageOf(values.lang, io.env);
  if (language === null) return usage(io, '--lang must be en or zh-CN');
  try {
    if (values.receipt !== undefined) {
      if (values.url !== undefined || values.state !== undefined)
        return usage(io, '--receipt goes without --url and --state');
      return await verifyReceipt(io, values);
    }
    if (values.url === undefined || values.url === '') return usage(io, '--url is required');
    if (values.identifier !== undefined) return usage(io, '--identifier goes with --receipt');
    const saved = values.state === undefined ? undefined : await readJson(io, values.state, 'state');
    const result = await monitorLog({
      url: values.url,
      state: saved as MonitorState | undefined,
      keys: values.key,
      witnesses: values.witness,
      progress: (message) => io.stderr(`hutong log verify: ${message}\n`),
    });
    if (values.state !== undefined) await writeState(io, values.state, result.state);
    printJson(io, {
      ok: true,
      url: values.url,
      origin: result.state.origin,
      size: result.state.size,
      previousSize: result.previousSize,
      rootHash: result.state.rootHash,
      entriesVerified: result.entriesVerified,
      tilesVerified: result.tilesVerified,
      signedBy: result.signedBy,
      state: values.state ?? null,
    });
    io.stderr(
      `hutong log verify: ${result.state.origin} verified at size ${result.state.size} (${result.entriesVerified} new entries, ${result.tilesVerified} tiles)\n`,
    );
    return 0;
  } catch (error) {
    const cli = error as { cliCode?: string; field?: string; message?: string };
    if (cli.cliCode !== undefined) return failure(io, cli.cliCode, cli.message ?? 'error', cli.field);
    return reportError(io, error, language);
  }
};
