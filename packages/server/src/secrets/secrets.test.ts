import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { isSealedUnderPrevious, openSealedValue, sealValue } from './sealed-value.js';
import { createSecrets, loadSecrets, MASTER_KEY_FILE } from './secrets.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (isServerError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a throw');
}

const KEY_A = new Uint8Array(32).fill(0xa1);
const KEY_B = new Uint8Array(32).fill(0xb2);

describe('loadSecrets', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hutong-t-secrets-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates <dataDir>/secrets/master.key with mode 0600 at the first start, and reads the same key after', () => {
    const first = loadSecrets({ dataDir });
    const file = join(dataDir, MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const second = loadSecrets({ dataDir });
    expect(second.masterKeyId).toBe(first.masterKeyId);
    expect(second.purposeKey('personal-data')).toEqual(first.purposeKey('personal-data'));
  });

  it('prefers HUTONG_MASTER_KEY (hex, base64url or base64) and refuses a malformed one', () => {
    const hex = Buffer.from(KEY_A).toString('hex');
    const fromHex = loadSecrets({ dataDir, env: { HUTONG_MASTER_KEY: hex } });
    expect(
      loadSecrets({ dataDir, env: { HUTONG_MASTER_KEY: Buffer.from(KEY_A).toString('base64url') } }).masterKeyId,
    ).toBe(fromHex.masterKeyId);
    expect(
      loadSecrets({ dataDir, env: { HUTONG_MASTER_KEY: Buffer.from(KEY_A).toString('base64') } }).masterKeyId,
    ).toBe(fromHex.masterKeyId);
    expect(codeOf(() => loadSecrets({ dataDir, env: { HUTONG_MASTER_KEY: 'too-short' } }))).toBe(
      'ERR_SECRETS_MASTER_KEY_INVALID',
    );
    writeFileSync(join(dataDir, 'not-a-dir'), 'x');
    expect(codeOf(() => loadSecrets({ dataDir: join(dataDir, 'not-a-dir') }))).toBe(
      'ERR_SECRETS_MASTER_KEY_UNREADABLE',
    );
  });

  it('derives a different key per purpose and per master key', () => {
    const a = createSecrets(KEY_A);
    const b = createSecrets(KEY_B);
    expect(a.purposeKey('session')).not.toEqual(a.purposeKey('personal-data'));
    expect(a.purposeKey('session')).not.toEqual(b.purposeKey('session'));
    expect(a.masterKeyId).not.toBe(b.masterKeyId);
    // A caller that scribbles on its copy does not change the next caller's key.
    a.purposeKey('session').fill(0);
    expect(a.purposeKey('session')).toEqual(createSecrets(KEY_A).purposeKey('session'));
  });
});

describe('sealed values (AES-256-GCM at rest)', () => {
  const secrets = createSecrets(KEY_A);
  const plaintext = new TextEncoder().encode('a TOTP secret');

  it('round-trips, and refuses another row, another purpose, and any altered byte', () => {
    const sealed = sealValue(secrets, 'totp-encryption', plaintext, 'staff_users:1');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(openSealedValue(secrets, 'totp-encryption', sealed, 'staff_users:1')).toEqual(plaintext);
    expect(codeOf(() => openSealedValue(secrets, 'totp-encryption', sealed, 'staff_users:2'))).toBe(
      'ERR_SECRETS_DECRYPT_FAILED',
    );
    expect(codeOf(() => openSealedValue(secrets, 'key-encryption', sealed, 'staff_users:1'))).toBe(
      'ERR_SECRETS_DECRYPT_FAILED',
    );
    const body = sealed.split('.')[3] ?? '';
    const flipped = `${sealed.slice(0, sealed.length - body.length)}${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(codeOf(() => openSealedValue(secrets, 'totp-encryption', flipped, 'staff_users:1'))).toBe(
      'ERR_SECRETS_DECRYPT_FAILED',
    );
    expect(codeOf(() => openSealedValue(secrets, 'totp-encryption', 'garbage', 'staff_users:1'))).toBe(
      'ERR_SECRETS_DECRYPT_FAILED',
    );
  });

  it('still opens values sealed before a master-key rotation, and tells which to re-seal', () => {
    const old = createSecrets(KEY_B);
    const sealedBefore = sealValue(old, 'key-encryption', plaintext, 'k1');
    const rotated = createSecrets(KEY_A, [KEY_B]);
    expect(openSealedValue(rotated, 'key-encryption', sealedBefore, 'k1')).toEqual(plaintext);
    expect(isSealedUnderPrevious(rotated, sealedBefore)).toBe(true);
    expect(isSealedUnderPrevious(rotated, sealValue(rotated, 'key-encryption', plaintext, 'k1'))).toBe(false);
    expect(codeOf(() => openSealedValue(createSecrets(KEY_A), 'key-encryption', sealedBefore, 'k1'))).toBe(
      'ERR_SECRETS_MASTER_KEY_UNKNOWN',
    );
  });
});
