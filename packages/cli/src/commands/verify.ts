/**
 * `hutong verify INPUT [--trust FILE|URL] [--anchor FILE] [--offline] [--data-dir DIR]`:
 * verifies a show code (`HT1:…`), a print code of a printed licence or annotated copy (`HP1:…`,
 * or the verification URL `…/v/HP1:…` its QR code holds, docs/design/printed-licence.md), a licence file (`hutong-licence/1`) or a consent receipt
 * (`hutong-consent-receipt/1`, docs/design/consent-receipt.md) offline against a node's signed
 * trust list and prints ONE JSON verdict
 *   {"valid":bool,"kind":"show-code"|"printed-licence"|"licence"|"consent-receipt"|"unknown","at":"…","checks":[{"name","ok","reason",…}],…}
 * exit 0 valid, 1 invalid, 2 usage error.
 *
 * What is trusted is said in the first check, `trust-list` (packages/server/src/trust/README.md,
 * "How a verifier bootstraps trust"):
 *   - `--anchor FILE` (SPKI PEM of the node's trust-list key): the list must be signed by it — pinned;
 *   - no `--anchor`, `--trust URL`: the anchor is fetched from `URL/anchor` on first use
 *     (trust on first use: as safe as that one connection; pin it next time);
 *   - no `--anchor`, `--trust FILE`: the anchor `hutong trust-list export` wrote beside the list
 *     (`FILE.anchor.pem`), if there: as trusted as the file the list came in (pin it next time);
 *   - no `--anchor`, `--data-dir DIR`: the local node's own key (the operator's own machine);
 *   - otherwise the list cannot be checked and the verdict is invalid.
 * A licence is checked in full offline with `--status` (the issuer's status list token, checked
 * against the trust list: the `status` check becomes required) and `--receipt` (its transparency-log
 * receipt, checked against the trust list's log keys: an extra check `log-receipt`).
 * A show code or print code takes `--status` too (repeatable: the verifier's cached lists): its
 * `status-list` check reads the licence's entry there, so a licence revoked or suspended since
 * the code or the paper was made is refused offline (docs/design/show-code.md §3.5, §5).
 * `--offline` never touches the network (a URL is then a usage error). Another JSON document
 * gets a `kind: "unknown"` verdict. A consent receipt's checks are `signature`, `key-trusted`
 * (a showing key of the node's trust list) and `validity` (the consent's period); whether the
 * holder revoked the grant since only the node knows.
 *
 * Online verification (`POST /api/v1/verify`: current status, encumbrances, replay) needs a
 * client's credentials, so the command never calls it on its own: only with `--online URL`
 * (the node's base URL), a bearer token in `$HUTONG_ACCESS_TOKEN` (a client with the `verify`
 * scope) and `--use-cause TEXT` (recorded by the node). It then prints the node's verdict.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CONSENT_RECEIPT_FORMAT,
  codeOfVerificationPath,
  importVerificationKeyPem,
  isHutongError,
  LOG_RECEIPT_FORMAT,
  openStatusListToken,
  type PreparedTrustList,
  type StatusList,
  statusListLookup,
  type TrustAnchor,
  verifyConsentReceipt,
  verifyLicence,
  verifyLogReceipt,
  verifyPrintCode,
  verifyShowCode,
  verifyTrustList,
} from '@hutong/core';
import {
  buildNodeTrustList,
  createAppContext,
  ensureNodeId,
  ensureNodeKey,
  loadSecrets,
  migrateToLatest,
  nodeCryptoProvider,
  openStore,
  storeLocation,
} from '@hutong/server';
import { type CliIo, type Command, printJson } from '../command.js';
import { noStoreAt } from '../store-guard.js';
import { anchorBesideList } from './trust-list-export.js';

const USAGE = `Usage: hutong verify INPUT [--trust FILE|URL] [--anchor FILE] [--offline] [--data-dir DIR]

INPUT is a show code (HT1:…), a print code (HP1:…) or the URL in a printed licence's QR code
(…/v/HP1:…), or the path of a licence JSON file (hutong-licence/1) or of
a consent receipt (hutong-consent-receipt/1, GET /api/v1/me/grants/{id}/receipt.json).
Prints one JSON verdict; exit 0 valid, 1 invalid, 2 usage error.
  --trust     the node's trust list: a file, or the URL of GET /api/v1/trust-list
  --anchor    the node's trust anchor (SPKI PEM) to pin; without it the anchor comes from
              URL/anchor (trust on first use) or from --data-dir's node
  --offline   never touch the network
  --data-dir  a node's data directory: its trust list and anchor, when --trust is not given
  --status    the issuer's status list token (IETF Token Status List): a file, or the URL of
              the licence's statusReference.uri. Licences: the status check is then required.
              Show and print codes (repeatable, the cached lists): the status-list check reads
              the licence's entry, refusing a licence revoked or suspended since the code was made
  --receipt   (licences) the licence's log receipt: a file, or the URL of
              GET /api/v1/log/receipts/{identifier}; adds the check "log-receipt"
  --online    verify online at this node (base URL) instead: needs $HUTONG_ACCESS_TOKEN
              (a client with the verify scope) and --use-cause TEXT
  --use-cause 用证事由 recorded by the node (online only)
`;

const LICENCE_FORMAT = 'hutong-licence/1';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly reason: string;
  readonly code?: string;
}

class UsageError extends Error {}

function isUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.text();
}

function describe(error: unknown): { code?: string; reason: string } {
  if (isHutongError(error)) return { code: error.code, reason: error.message };
  return { reason: error instanceof Error ? error.message : String(error) };
}

interface Trust {
  readonly check: Check;
  readonly prepared?: PreparedTrustList;
}

/** Loads and verifies the trust list; never throws for a bad list (the check says why). */
async function loadTrust(
  values: { trust?: string; anchor?: string; offline?: boolean; 'data-dir'?: string },
  io: CliIo,
  env: Readonly<Record<string, string | undefined>>,
  at: Date,
): Promise<Trust> {
  const source = values.trust;
  if (source !== undefined && isUrl(source) && values.offline === true) {
    throw new UsageError('--offline never touches the network: give --trust a file, not a URL');
  }
  if (source === undefined && values['data-dir'] === undefined) {
    throw new UsageError('give --trust FILE|URL or --data-dir DIR');
  }
  let listText: unknown;
  let anchorKey: TrustAnchor['key'] | undefined;
  let how: string;
  const fail = (reason: string, code?: string): Trust => ({
    check: { name: 'trust-list', ok: false, reason, ...(code === undefined ? {} : { code }) },
  });
  try {
    if (values.anchor !== undefined) {
      anchorKey = await importVerificationKeyPem(readFileSync(resolve(io.cwd, values.anchor), 'utf8'));
      how = `pinned anchor ${anchorKey.keyId} from ${values.anchor}`;
    } else how = '';
    if (source !== undefined) {
      if (isUrl(source)) {
        listText = JSON.parse(await fetchText(source));
        if (anchorKey === undefined) {
          const anchor = JSON.parse(await fetchText(`${source.replace(/\/+$/, '')}/anchor`)) as {
            publicKeyPem?: unknown;
          };
          anchorKey = await importVerificationKeyPem(anchor.publicKeyPem);
          how = `anchor ${anchorKey.keyId} NOT pinned: fetched from ${source}/anchor on first use (pin it with --anchor)`;
        }
      } else {
        const file = resolve(io.cwd, source);
        listText = JSON.parse(readFileSync(file, 'utf8'));
        const beside = anchorBesideList(file);
        if (anchorKey === undefined && existsSync(beside)) {
          anchorKey = await importVerificationKeyPem(readFileSync(beside, 'utf8'));
          how = `anchor ${anchorKey.keyId} NOT pinned: read from ${source}.anchor.pem beside the list, as \`hutong trust-list export\` wrote it (as trusted as the list's own file; pin it with --anchor)`;
        }
      }
    }
    const dataDir = values['data-dir'];
    if (dataDir !== undefined && (listText === undefined || anchorKey === undefined)) {
      const dir = resolve(io.cwd, dataDir);
      const location = storeLocation({ dataDir: dir, databaseUrl: env.DATABASE_URL || undefined });
      // Never a new, empty node made from a mistyped --data-dir (store-guard.ts).
      const missing = noStoreAt(location, dir);
      if (missing !== undefined)
        return fail(`the trust list or its anchor could not be read: ${missing.message}`, missing.code);
      const store = await openStore(location);
      try {
        await migrateToLatest(store.db);
        const ctx = createAppContext({
          store,
          nodeId: await ensureNodeId(store.db),
          secrets: loadSecrets({ dataDir: dir, env }),
        });
        if (listText === undefined) listText = await buildNodeTrustList(ctx);
        if (anchorKey === undefined) {
          anchorKey = (await ensureNodeKey(ctx, 'trust-list')).publicKey;
          how = `the local node's own anchor ${anchorKey.keyId} (data directory ${dataDir})`;
        }
      } finally {
        await store.close();
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const { code, reason } = describe(error);
    return fail(`the trust list or its anchor could not be read: ${reason}`, code);
  }
  if (anchorKey === undefined) {
    return fail(
      'no anchor to check the trust list with: pass --anchor FILE (the node’s SPKI PEM, from GET /api/v1/trust-list/anchor or `hutong trust-list export`), or keep the FILE.anchor.pem that `hutong trust-list export` writes beside the list',
    );
  }
  const nodeId =
    typeof listText === 'object' &&
    listText !== null &&
    typeof (listText as { node?: { id?: unknown } }).node?.id === 'string'
      ? ((listText as { node: { id: string } }).node.id as string)
      : '';
  try {
    // The list's keys go into OpenSSL (node:crypto), as on the server: every verification after
    // this reuses them, and OpenSSL's one-shot verify beats WebCrypto's promise round trip.
    const prepared = await verifyTrustList(listText, [{ nodeId, key: anchorKey }], {
      at,
      provider: nodeCryptoProvider,
    });
    return {
      prepared,
      check: {
        name: 'trust-list',
        ok: true,
        reason: `trust list of node ${prepared.node.id}, version ${prepared.version}, valid until ${prepared.expiresAt.toISOString()}, signed by the ${how}`,
      },
    };
  } catch (error) {
    const { code, reason } = describe(error);
    return fail(`the trust list was refused (checked against the ${how}): ${reason}`, code);
  }
}

/**
 * Builds the command around an environment (tests pass their own).
 *
 * @example const code = await createVerify(process.env)(['HT1:…', '--trust', 'trust.json', '--anchor', 'anchor.pem', '--offline'], io);
 */
export function createVerify(env: Readonly<Record<string, string | undefined>>): Command {
  return async (argv, io) => {
    let values: {
      trust?: string;
      anchor?: string;
      offline?: boolean;
      'data-dir'?: string;
      online?: string;
      'use-cause'?: string;
      status?: string[];
      receipt?: string;
      help?: boolean;
    };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: [...argv],
        options: {
          trust: { type: 'string' },
          anchor: { type: 'string' },
          offline: { type: 'boolean' },
          'data-dir': { type: 'string' },
          online: { type: 'string' },
          'use-cause': { type: 'string' },
          status: { type: 'string', multiple: true },
          receipt: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: true,
      }));
    } catch (error) {
      return usageError(io, error instanceof Error ? error.message : String(error));
    }
    if (values.help === true) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length !== 1) return usageError(io, 'give exactly one INPUT');
    const input = positionals[0] as string;
    const at = new Date();

    // The kind of INPUT, before any trust is loaded: a usage error costs nothing.
    let kind: 'show-code' | 'printed-licence' | 'licence' | 'consent-receipt' | 'unknown';
    let document: unknown;
    // A scanned QR code of a printed licence is the verification page's URL: its code is in the path.
    const scanned = /^https?:\/\/[^/]+(?:\/[^?#]*)?\/v\/[^/?#]+/i.test(input)
      ? codeOfVerificationPath(new URL(input).pathname)
      : undefined;
    const code = scanned ?? input;
    if (code.startsWith('HT1:')) kind = 'show-code';
    else if (code.startsWith('HP1:')) kind = 'printed-licence';
    else if (scanned !== undefined) kind = 'unknown';
    else {
      const path = resolve(io.cwd, input);
      if (!existsSync(path) || !statSync(path).isFile()) {
        return usageError(io, `INPUT is neither a show code (HT1:…) nor a readable file: ${input}`);
      }
      const text = readFileSync(path, 'utf8');
      try {
        document = JSON.parse(text);
      } catch {
        document = undefined;
      }
      const format =
        typeof document === 'object' && document !== null ? (document as { format?: unknown }).format : undefined;
      kind = format === LICENCE_FORMAT ? 'licence' : format === CONSENT_RECEIPT_FORMAT ? 'consent-receipt' : 'unknown';
      if (kind === 'licence') document = text;
    }
    if (kind === 'unknown') {
      printJson(io, {
        valid: false,
        kind: 'unknown',
        at: at.toISOString(),
        checks: [
          {
            name: 'format',
            ok: false,
            reason: `not a show code (HT1:…), a print code (HP1:…), a licence (format ${LICENCE_FORMAT}) nor a consent receipt (format ${CONSENT_RECEIPT_FORMAT})`,
          },
        ],
      });
      return 1;
    }

    for (const option of ['status', 'receipt'] as const) {
      const given = values[option];
      if (given === undefined) continue;
      const sources = typeof given === 'string' ? [given] : given;
      if (option === 'receipt' && kind !== 'licence') return usageError(io, '--receipt goes with a licence file');
      if (option === 'status' && kind === 'consent-receipt')
        return usageError(io, '--status goes with a licence file, a show code or a print code');
      if (option === 'status' && kind === 'licence' && sources.length > 1)
        return usageError(io, 'a licence has one status list: give --status once');
      if (values.online !== undefined)
        return usageError(io, `--${option} is for offline checks; --online asks the node`);
      if (sources.some(isUrl) && values.offline === true)
        return usageError(io, `--offline never touches the network: give --${option} a file, not a URL`);
    }

    if (values.online !== undefined) {
      if (kind === 'consent-receipt')
        return usageError(
          io,
          '--online verifies show codes and licences; a consent receipt is verified offline (the holder sees its grant at GET /api/v1/me/grants/{id})',
        );
      return verifyOnline(io, env, values, kind, kind === 'licence' ? document : code);
    }

    let trust: Trust;
    try {
      trust = await loadTrust(values, io, env, at);
    } catch (error) {
      if (error instanceof UsageError) return usageError(io, error.message);
      throw error;
    }
    if (trust.prepared === undefined) {
      printJson(io, { valid: false, kind, at: at.toISOString(), checks: [trust.check] });
      return 1;
    }
    const trustList = {
      nodeId: trust.prepared.node.id,
      version: trust.prepared.version,
      anchorKeyId: trust.prepared.signedBy,
    };
    if (kind === 'printed-licence' || kind === 'show-code') {
      const cached = await openCachedLists(values.status ?? [], io, trust.prepared);
      const statusLists = cached.lists;
      // Offline: print codes get the signature, node, issuer, annotation and the cached status
      // list; show codes the same and no replay register (online verification has one).
      const verdict =
        kind === 'printed-licence'
          ? await verifyPrintCode(code, trust.prepared, { now: at, statusLists })
          : await verifyShowCode(code, trust.prepared, { now: at, statusLists });
      // A list that does not open is said so in the status-list check, never silently dropped.
      const checks = [
        trust.check,
        ...verdict.checks.map((c) => (c.name === 'status-list' && cached.failure !== undefined ? cached.failure : c)),
      ];
      const valid = checks.every((c) => c.ok);
      printJson(io, { ...verdict, valid, checks, trustList });
      return valid ? 0 : 1;
    }
    if (kind === 'consent-receipt') {
      const verdict = await verifyConsentReceipt(document, trust.prepared, { now: at });
      printJson(io, { ...verdict, checks: [trust.check, ...verdict.checks], trustList });
      return verdict.valid ? 0 : 1;
    }
    const keys = trust.prepared.keys;
    // Read now; a token that cannot be read or opened fails the `status` check with the reason.
    const statusToken = values.status?.[0] === undefined ? undefined : readSource(values.status[0], io);
    // Never an unhandled rejection: a licence that fails before its status is looked up never awaits it.
    statusToken?.catch(() => undefined);
    const verdict = await verifyLicence(document, {
      keys,
      at,
      ...(statusToken === undefined
        ? {}
        : {
            requireStatus: true,
            statusLookup: async (reference, licence) =>
              statusListLookup([await openStatusListToken(await statusToken, keys, { at })])(reference, licence),
          }),
    });
    const receiptCheck =
      values.receipt === undefined || verdict.licence === undefined
        ? undefined
        : await checkReceipt(readSource(values.receipt, io), trust.prepared, verdict.licence.identifier);
    const checks = [trust.check, ...verdict.checks, ...(receiptCheck === undefined ? [] : [receiptCheck])];
    const valid = verdict.valid && (receiptCheck?.ok ?? values.receipt === undefined);
    printJson(io, { ...verdict, valid, checks, trustList });
    return valid ? 0 : 1;
  };
}

/**
 * The verifier's cached status lists for a code: each token opened against the trust list.
 * Opened without judging its expiry (`at` the epoch): the `status-list` check judges it, and
 * says a list past its `exp` is stale rather than refusing to look. A token that does not open
 * (unreadable, bad signature, a key the trust list does not know) is the check's failure.
 */
async function openCachedLists(
  sources: readonly string[],
  io: CliIo,
  trust: PreparedTrustList,
): Promise<{ lists: StatusList[]; failure?: Check }> {
  const lists: StatusList[] = [];
  for (const source of sources) {
    try {
      lists.push(await openStatusListToken(await readSource(source, io), trust.keys, { at: new Date(0) }));
    } catch (error) {
      const { code, reason } = describe(error);
      return {
        lists,
        failure: {
          name: 'status-list',
          ok: false,
          reason: `the status list ${source} could not be used: ${reason}`,
          ...(code === undefined ? {} : { code }),
        },
      };
    }
  }
  return { lists };
}

/** A file's text, or a URL's body (the caller has refused URLs under --offline). */
function readSource(source: string, io: CliIo): Promise<string> {
  return isUrl(source)
    ? fetchText(source)
    : Promise.resolve().then(() => readFileSync(resolve(io.cwd, source), 'utf8'));
}

/**
 * The `log-receipt` check: the receipt (or, as GET /api/v1/log/receipts/{identifier} answers,
 * `{ receipts: [...] }`, one of which must verify) proves an entry about this licence into a
 * checkpoint signed by a log key of the trust list (core verifyLogReceipt: entry, RFC 9162
 * inclusion proof, C2SP checkpoint signature).
 */
async function checkReceipt(text: Promise<string>, trust: PreparedTrustList, identifier: string): Promise<Check> {
  const fail = (reason: string, code?: string): Check => ({
    name: 'log-receipt',
    ok: false,
    reason,
    ...(code === undefined ? {} : { code }),
  });
  let receipts: unknown[];
  try {
    const value = JSON.parse(await text) as unknown;
    const list = (value as { receipts?: unknown } | null)?.receipts;
    receipts = Array.isArray(list) ? list : [value];
  } catch (error) {
    return fail(`the log receipt could not be read: ${describe(error).reason}`);
  }
  const logKeys = trust.logKeys.map((k) => k.verifier);
  if (logKeys.length === 0) return fail('the trust list names no log key to check a receipt with');
  let first: Check | undefined;
  for (const receipt of receipts) {
    try {
      const verified = await verifyLogReceipt(receipt, logKeys, { target: identifier });
      return {
        name: 'log-receipt',
        ok: true,
        reason: `entry ${verified.index} (${verified.entry.event}) is in the log ${verified.origin} of ${verified.treeSize} entries, signed by ${verified.signedBy.join(', ')}`,
      };
    } catch (error) {
      const { code, reason } = describe(error);
      first ??= fail(`the log receipt does not prove this licence (${LOG_RECEIPT_FORMAT}): ${reason}`, code);
    }
  }
  return first ?? fail('no log receipt was given');
}

/** `--online URL`: the node's own verdict (`POST URL/api/v1/verify`), printed as it answered. */
async function verifyOnline(
  io: CliIo,
  env: Readonly<Record<string, string | undefined>>,
  values: { online?: string; offline?: boolean; trust?: string; 'use-cause'?: string },
  kind: 'show-code' | 'printed-licence' | 'licence',
  input: unknown,
): Promise<number> {
  const base = values.online ?? '';
  if (values.offline === true) return usageError(io, '--online and --offline exclude each other');
  if (!isUrl(base)) return usageError(io, '--online takes the node’s http(s) base URL');
  const token = env.HUTONG_ACCESS_TOKEN;
  if (token === undefined || token === '')
    return usageError(io, '--online needs $HUTONG_ACCESS_TOKEN (a client with the verify scope)');
  if (values['use-cause'] === undefined)
    return usageError(io, '--online needs --use-cause TEXT (recorded by the node)');
  const body =
    kind !== 'licence'
      ? { code: input, useCause: values['use-cause'] }
      : { licence: JSON.parse(input as string) as unknown, useCause: values['use-cause'] };
  const url = `${base.replace(/\/+$/, '')}/api/v1/verify`;
  let status: number;
  let answer: unknown;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    status = response.status;
    answer = await response.json();
  } catch (error) {
    printJson(io, {
      valid: false,
      kind,
      at: new Date().toISOString(),
      checks: [{ name: 'online', ok: false, reason: `POST ${url} failed: ${describe(error).reason}` }],
    });
    return 1;
  }
  if (status !== 200 || typeof answer !== 'object' || answer === null) {
    const problem = (answer ?? {}) as { code?: string; detail?: string };
    printJson(io, {
      valid: false,
      kind,
      at: new Date().toISOString(),
      checks: [
        {
          name: 'online',
          ok: false,
          reason: `the node refused the verification (${status}): ${problem.detail ?? 'no detail'}`,
          ...(problem.code === undefined ? {} : { code: problem.code }),
        },
      ],
    });
    return 1;
  }
  printJson(io, answer);
  return (answer as { valid?: unknown }).valid === true ? 0 : 1;
}

function usageError(io: CliIo, problem: string): number {
  io.stderr(`hutong verify: ${problem}\n\n${USAGE}`);
  return 2;
}

/** `hutong verify` with the process environment. */
export const verify: Command = createVerify(process.env);
