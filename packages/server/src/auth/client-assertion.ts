/**
 * RFC 7523 §2.2 client authentication with a JWT signed by the client's own key
 * (`private_key_jwt`), verified with core's suites.
 *
 * JWS algorithms (one table, the jose lesson — nothing else names them):
 * - `EdDSA`  — Ed25519 (RFC 8037 §3.1), 64-byte signature;
 * - `ES256`  — ECDSA P-256 with SHA-256 (RFC 7518 §3.4), raw r‖s, 64 bytes;
 * - `SM2SM3` — SM2 signature over SM3 with Z_A computed for the default distinguishing ID
 *   `1234567812345678` (GB/T 32918.2, GM/T 0009), raw r‖s, 64 bytes. No JOSE registry entry
 *   exists for SM2; Hutong's name says both algorithms, and it is the only one accepted.
 * `none` and every HMAC algorithm are refused: the key must be the client's public key.
 */
import { importVerificationKeyPem, isHutongError, type SuiteName, type VerificationKey } from '@hutong/core';
import type { Kysely, Selectable } from 'kysely';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import type { ApiClientsTable } from './auth.tables.js';
import { readPublicKeys } from './client-view.js';

/** RFC 7523 §2.2: the value of `client_assertion_type`. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** JWS `alg` → core suite. */
export const JWS_ALGORITHMS: Readonly<Record<string, SuiteName>> = {
  EdDSA: 'ed25519',
  ES256: 'ecdsa-p256',
  SM2SM3: 'sm2-sm3',
};

/** Clock skew tolerated on `exp`, `nbf`, `iat` (seconds). */
const LEEWAY_SECONDS = 60;
/**
 * An assertion may live at most this long (RFC 7523 §3 item 4 lets the server reject far
 * `exp`s): it bounds how long its `jti` must be remembered.
 */
export const MAX_ASSERTION_LIFETIME_SECONDS = 600;
const MAX_ASSERTION_LENGTH = 8192;

export interface DecodedAssertion {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly signingInput: Uint8Array;
  readonly signature: Uint8Array;
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both). */
function assertionInvalid(reason: string, reasonZh: string): ServerError {
  return new ServerError('ERR_AUTH_OAUTH_ASSERTION_INVALID', {
    field: 'client_assertion',
    params: { reason },
    zhParams: { reason: reasonZh },
  });
}

/** The parts of a compact JWS, as a Chinese reason names them. */
const WHAT_ZH: Readonly<Record<string, string>> = { header: '头部', payload: '载荷', signature: '签名' };

function decodeSegment(segment: string, what: string): Uint8Array {
  // RFC 7515 §2: base64url without padding; a re-encoding must give the same text (no
  // alternative spellings of one signature).
  if (!/^[A-Za-z0-9_-]*$/.test(segment))
    throw assertionInvalid(`the ${what} is not base64url`, `${WHAT_ZH[what] ?? what}不是 base64url 编码`);
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.toString('base64url') !== segment)
    throw assertionInvalid(
      `the ${what} is not canonical base64url`,
      `${WHAT_ZH[what] ?? what}不是规范的 base64url 编码`,
    );
  return new Uint8Array(bytes);
}

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decodeSegment(segment, what)));
  } catch (error) {
    if (error instanceof ServerError) throw error;
    throw assertionInvalid(`the ${what} is not UTF-8 JSON`, `${WHAT_ZH[what] ?? what}不是 UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw assertionInvalid(`the ${what} is not a JSON object`, `${WHAT_ZH[what] ?? what}不是 JSON 对象`);
  return value as Record<string, unknown>;
}

/** Splits and decodes a compact JWS (RFC 7515 §7.1) without verifying it. */
export function decodeClientAssertion(assertion: string): DecodedAssertion {
  if (assertion.length > MAX_ASSERTION_LENGTH) throw assertionInvalid('the assertion is too long', '断言过长');
  const parts = assertion.split('.');
  if (parts.length !== 3)
    throw assertionInvalid('a compact JWS has three dot-separated parts', 'JWS 紧凑序列化应由以点分隔的三部分组成');
  const [headerText = '', payloadText = '', signatureText = ''] = parts;
  const header = decodeJson(headerText, 'header');
  const claims = decodeJson(payloadText, 'payload');
  const signature = decodeSegment(signatureText, 'signature');
  return { header, claims, signingInput: new TextEncoder().encode(`${headerText}.${payloadText}`), signature };
}

/** Prepared public keys by PEM: SM2 window tables cost tens of milliseconds to build. */
const preparedKeys = new Map<string, Promise<VerificationKey>>();
function preparedKey(ctx: AppContext, pem: string, suite: SuiteName): Promise<VerificationKey> {
  const cacheKey = `${suite}\n${pem}`;
  let key = preparedKeys.get(cacheKey);
  if (key === undefined) {
    key = importVerificationKeyPem(pem, { suite, provider: ctx.cryptoProvider });
    key.catch(() => preparedKeys.delete(cacheKey));
    if (preparedKeys.size > 1000) preparedKeys.clear();
    preparedKeys.set(cacheKey, key);
  }
  return key;
}

function audienceMatches(aud: unknown, accepted: readonly string[]): boolean {
  if (typeof aud === 'string') return accepted.includes(aud);
  return Array.isArray(aud) && aud.some((value) => typeof value === 'string' && accepted.includes(value));
}

function numericDate(claims: Readonly<Record<string, unknown>>, name: string, required: boolean): number | undefined {
  const value = claims[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw assertionInvalid(`${name} must be a NumericDate`, `${name} 须为 NumericDate`);
  return value;
}

/**
 * Verifies a client assertion for `client` and remembers its `jti`: the signature (with a key
 * the client registered, chosen by `kid` or by `alg`), then the claims of RFC 7523 §3 —
 * `iss` = `sub` = client id, `aud` one of `audiences`, `exp` in the future but at most ten
 * minutes away, `nbf`/`iat` not in the future, and a `jti` never seen before.
 *
 * @example await verifyClientAssertion(ctx, client, decoded, { audiences: ['urn:hutong:node:…'] });
 */
export async function verifyClientAssertion(
  ctx: AppContext,
  client: Selectable<ApiClientsTable>,
  decoded: DecodedAssertion,
  options: { readonly audiences: readonly string[] },
): Promise<void> {
  const { header, claims } = decoded;
  const alg = header.alg;
  const suite = typeof alg === 'string' && Object.hasOwn(JWS_ALGORITHMS, alg) ? JWS_ALGORITHMS[alg] : undefined;
  if (suite === undefined)
    throw assertionInvalid(
      `alg must be one of ${Object.keys(JWS_ALGORITHMS).join(', ')}`,
      `alg 须为 ${Object.keys(JWS_ALGORITHMS).join('、')} 之一`,
    );
  // RFC 7515 §4.1.11: a crit header this server does not understand must be refused.
  if (header.crit !== undefined)
    throw assertionInvalid('crit header parameters are not supported', '不支持 crit 头部参数');
  if (header.typ !== undefined && typeof header.typ !== 'string')
    throw assertionInvalid('typ must be a string', 'typ 须为字符串');
  const kid = header.kid;
  if (kid !== undefined && typeof kid !== 'string') throw assertionInvalid('kid must be a string', 'kid 须为字符串');
  const candidates = readPublicKeys(client.public_keys).filter(
    (key) => key.suite === suite && (kid === undefined || key.keyId === kid),
  );
  if (candidates.length === 0)
    throw assertionInvalid(
      'no registered key of the client matches alg and kid',
      '该客户端登记的密钥中没有与 alg 和 kid 相符的',
    );
  let verified = false;
  for (const candidate of candidates) {
    try {
      const key = await preparedKey(ctx, candidate.pem, suite);
      if (await key.verify(decoded.signingInput, decoded.signature)) {
        verified = true;
        break;
      }
    } catch (error) {
      if (!isHutongError(error)) throw error;
    }
  }
  if (!verified)
    throw assertionInvalid(
      'the signature does not verify with the client’s registered keys',
      '签名无法用该客户端登记的密钥验证',
    );

  if (claims.iss !== client.id || claims.sub !== client.id)
    throw assertionInvalid('iss and sub must both be the client id', 'iss 和 sub 都须为客户端标识');
  if (!audienceMatches(claims.aud, options.audiences)) {
    throw assertionInvalid(
      `aud must name this server: ${options.audiences.join(' or ')}`,
      `aud 须指明本服务器：${options.audiences.join(' 或 ')}`,
    );
  }
  const now = Math.floor(ctx.now().getTime() / 1000);
  const exp = numericDate(claims, 'exp', true) ?? 0;
  if (exp <= now - LEEWAY_SECONDS) throw assertionInvalid('the assertion has expired (exp)', '断言已过期（exp）');
  if (exp > now + MAX_ASSERTION_LIFETIME_SECONDS + LEEWAY_SECONDS) {
    throw assertionInvalid(
      `exp may be at most ${MAX_ASSERTION_LIFETIME_SECONDS} s ahead`,
      `exp 至多可比当前时间晚 ${MAX_ASSERTION_LIFETIME_SECONDS} 秒`,
    );
  }
  const nbf = numericDate(claims, 'nbf', false);
  if (nbf !== undefined && nbf > now + LEEWAY_SECONDS)
    throw assertionInvalid('the assertion is not valid yet (nbf)', '断言尚未生效（nbf）');
  const iat = numericDate(claims, 'iat', false);
  if (iat !== undefined && iat > now + LEEWAY_SECONDS)
    throw assertionInvalid('iat is in the future', 'iat 晚于当前时间');
  const jti = claims.jti;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > 200) {
    throw assertionInvalid(
      'jti must be a string of 1–200 characters (replay protection)',
      'jti 须为 1 至 200 个字符的字符串（用于防重放）',
    );
  }
  await rememberJti(ctx.store.db, client.id, jti, new Date((exp + LEEWAY_SECONDS) * 1000), ctx.now());
}

/** RFC 7523 §3 item 7: a `jti` is accepted once. Expired entries are swept on the way. */
async function rememberJti(db: Kysely<Database>, clientId: string, jti: string, until: Date, now: Date): Promise<void> {
  await db.deleteFrom('client_assertion_jtis').where('expires_at', '<', now.toISOString()).execute();
  const result = await db
    .insertInto('client_assertion_jtis')
    .values({ client_id: clientId, jti, expires_at: until.toISOString() })
    .onConflict((conflict) => conflict.columns(['client_id', 'jti']).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
    throw new ServerError('ERR_AUTH_OAUTH_ASSERTION_REPLAYED', {
      field: 'client_assertion',
      params: { jti: jti.slice(0, 64) },
    });
  }
}
