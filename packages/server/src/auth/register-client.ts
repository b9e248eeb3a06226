/**
 * Registers an API client (a department, relying party, venue or inspector): its organisation,
 * scopes, the licence types it may act on, and how it authenticates — a generated secret
 * (shown once), one or more public keys for private_key_jwt, or both.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { exportSpkiPem, importVerificationKeyPem, isHutongError, parseTypeCode, parseUscc } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { type ClientPublicKey, type ClientView, clientViewOf } from './client-view.js';
import { writeLicenceTypes } from './json-columns.js';
import { type ClientKind, isClientKind, isScope, type Scope } from './principal.js';
import { hashSecret } from './secret-hash.js';

export interface ClientRegistration {
  readonly name: string;
  readonly organisationCode: string;
  readonly kind: ClientKind;
  readonly scopes: readonly Scope[];
  /** Type codes, or `'*'` for every type. */
  readonly licenceTypes: readonly string[] | '*';
  /** SubjectPublicKeyInfo PEMs (SM2, Ed25519 or P-256) for private_key_jwt. */
  readonly publicKeys?: readonly string[] | undefined;
  /** Generate a client secret (default true when no public key is given). */
  readonly withSecret?: boolean | undefined;
  /**
   * A secret chosen by the caller instead of a generated one, 32–256 characters: the demo
   * seed derives its clients' secrets from the master key so that every start prints the
   * same ones. Not reachable over HTTP (the registration body's schema has no such member).
   */
  readonly clientSecret?: string | undefined;
}

export interface RegisteredClient {
  readonly client: ClientView;
  /** The client secret, present only here: it is stored as a scrypt hash. */
  readonly clientSecret?: string;
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both). */
function invalid(field: string, reason: string, reasonZh: string, cause?: unknown): ServerError {
  return new ServerError('ERR_AUTH_CLIENT_INVALID', {
    field,
    params: { reason },
    zhParams: { reason: reasonZh },
    ...(cause ? { cause } : {}),
  });
}

/** Checks each PEM with core's key import (the suite is inferred from the key's OID) and keys it by its RFC 7638 id. */
export async function readClientPublicKeys(ctx: AppContext, pems: readonly string[]): Promise<ClientPublicKey[]> {
  const keys: ClientPublicKey[] = [];
  for (const [index, pem] of pems.entries()) {
    try {
      const key = await importVerificationKeyPem(pem, { provider: ctx.cryptoProvider });
      if (keys.some((known) => known.keyId === key.keyId))
        throw invalid(`publicKeys/${index}`, 'the same key is listed twice', '同一密钥列出了两次');
      // Stored as re-exported PEM: one canonical text per key, whatever the caller's line breaks.
      keys.push({ keyId: key.keyId, suite: key.suite, pem: exportSpkiPem(key) });
    } catch (error) {
      if (error instanceof ServerError) throw error;
      if (!isHutongError(error)) throw error;
      throw new ServerError('ERR_AUTH_CLIENT_KEY_INVALID', {
        field: `publicKeys/${index}`,
        params: { index },
        cause: error,
      });
    }
  }
  return keys;
}

/**
 * Registers a client and records `client.registered`.
 *
 * @example
 * const { client, clientSecret } = await registerClient(ctx, {
 *   name: '市场监管局', organisationCode: '91350100M000100Y43', kind: 'department',
 *   scopes: ['licence:issue'], licenceTypes: ['11100000000013338W032'],
 * }, { actor: 'staff:1' });
 */
export async function registerClient(
  ctx: AppContext,
  registration: ClientRegistration,
  by: { readonly actor: string; readonly requestId?: string | undefined },
): Promise<RegisteredClient> {
  const name = registration.name.trim();
  if (name.length === 0 || name.length > 200)
    throw invalid('name', 'the name must have 1–200 characters', '名称须为 1 至 200 个字符');
  let organisationCode: string;
  try {
    organisationCode = parseUscc(registration.organisationCode);
  } catch (error) {
    if (!isHutongError(error)) throw error;
    throw invalid(
      'organisationCode',
      `not a valid unified social credit code (${error.code})`,
      `不是有效的统一社会信用代码（${error.code}）`,
      error,
    );
  }
  if (!isClientKind(registration.kind)) throw invalid('kind', 'unknown client kind', '未知的客户端类型');
  const scopes = [...new Set(registration.scopes)];
  const unknownScope = scopes.find((scope) => !isScope(scope));
  if (unknownScope !== undefined)
    throw invalid(
      'scopes',
      `unknown scope ${String(unknownScope).slice(0, 40)}`,
      `未知的权限范围 ${String(unknownScope).slice(0, 40)}`,
    );
  let licenceTypes: readonly string[] | '*';
  if (registration.licenceTypes === '*') licenceTypes = '*';
  else {
    licenceTypes = [...new Set(registration.licenceTypes)];
    for (const [index, code] of licenceTypes.entries()) {
      try {
        parseTypeCode(code);
      } catch (error) {
        if (!isHutongError(error)) throw error;
        throw invalid(
          `licenceTypes/${index}`,
          `not a valid licence type code (${error.code})`,
          `不是有效的证照类型代码（${error.code}）`,
          error,
        );
      }
    }
  }
  const publicKeys = await readClientPublicKeys(ctx, registration.publicKeys ?? []);
  const withSecret = registration.withSecret ?? publicKeys.length === 0;
  if (!withSecret && publicKeys.length === 0) {
    throw invalid(
      'publicKeys',
      'a client needs a secret or at least one public key to authenticate with',
      '客户端须有密钥口令或至少一个公钥用于认证',
    );
  }
  const chosen = registration.clientSecret;
  if (chosen !== undefined && (!withSecret || chosen.length < 32 || chosen.length > 256)) {
    throw invalid(
      'clientSecret',
      'a chosen client secret needs 32–256 characters and withSecret',
      '自选的客户端口令须为 32 至 256 个字符，并同时给出 withSecret',
    );
  }
  const clientSecret = withSecret ? (chosen ?? randomBytes(32).toString('base64url')) : undefined;
  const secretHash = clientSecret === undefined ? null : await hashSecret(clientSecret);
  const now = ctx.now().toISOString();
  const id = randomUUID();
  const row = {
    id,
    name,
    organisation_code: organisationCode,
    kind: registration.kind,
    scopes: JSON.stringify(scopes),
    licence_types: writeLicenceTypes(licenceTypes),
    secret_hash: secretHash,
    public_keys: JSON.stringify(publicKeys),
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  await ctx.store.db.transaction().execute(async (trx) => {
    await trx.insertInto('api_clients').values(row).execute();
    await recordEvent(trx, {
      type: 'client.registered',
      actor: by.actor,
      requestId: by.requestId,
      target: id,
      details: {
        organisationCode,
        kind: registration.kind,
        scopes,
        licenceTypes,
        keyIds: publicKeys.map((key) => key.keyId),
        withSecret,
      },
      at: now,
    });
  });
  return { client: clientViewOf(row), ...(clientSecret === undefined ? {} : { clientSecret }) };
}
