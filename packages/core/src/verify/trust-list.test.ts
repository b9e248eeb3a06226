import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, type SigningKey } from '../crypto/index.js';
import { HutongError } from '../errors.js';
import type { TypeCode, Uscc } from '../identifiers/index.js';
import { SAMPLE_ISSUER, SAMPLE_TYPE } from '../licence/test-support/sample-licence.js';
import { type TrustedIssuer, type TrustedKey, trustListResolver } from './trust-list.js';

let ed: SigningKey;
let p256: SigningKey;

beforeAll(async () => {
  [ed, p256] = await Promise.all([generateSigningKey('ed25519'), generateSigningKey('ecdsa-p256')]);
});

function entry(key: SigningKey, extra: Partial<TrustedKey> = {}): TrustedKey {
  return {
    keyId: key.keyId,
    suite: key.suite,
    key: key.publicKey,
    validFrom: new Date('2020-01-01T00:00:00Z'),
    ...extra,
  };
}

function issuer(extra: Partial<TrustedIssuer> = {}): TrustedIssuer {
  return {
    issuerCode: SAMPLE_ISSUER as Uscc,
    name: '吉林省住房和城乡建设厅',
    keys: [entry(ed)],
    types: [SAMPLE_TYPE as TypeCode],
    ...extra,
  };
}

function refusal(list: readonly TrustedIssuer[]): { code: string; field: string | undefined } {
  try {
    trustListResolver(list);
  } catch (error) {
    if (error instanceof HutongError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected the trust list to be refused');
}

describe('trustListResolver', () => {
  it('finds issuers by USCC and answers undefined for others', async () => {
    const resolver = trustListResolver([issuer()]);
    expect((await resolver.resolveIssuer(SAMPLE_ISSUER as Uscc))?.name).toBe('吉林省住房和城乡建设厅');
    expect(await resolver.resolveIssuer('91350100M000100Y43' as Uscc)).toBeUndefined();
  });

  it('refuses an issuer listed twice', () => {
    expect(refusal([issuer(), issuer()])).toEqual({
      code: 'ERR_VERIFY_TRUST_LIST_DUPLICATE',
      field: '$[1].issuerCode',
    });
  });

  it('refuses a key listed twice', () => {
    expect(refusal([issuer({ keys: [entry(ed), entry(ed)] })])).toEqual({
      code: 'ERR_VERIFY_TRUST_LIST_DUPLICATE',
      field: '$[0].keys[1].keyId',
    });
  });

  it('refuses an entry whose key id or suite is not its key’s', () => {
    expect(refusal([issuer({ keys: [entry(ed, { keyId: p256.keyId })] })])).toEqual({
      code: 'ERR_VERIFY_TRUST_LIST_KEY_MISMATCH',
      field: '$[0].keys[0].keyId',
    });
    expect(refusal([issuer({ keys: [entry(ed, { suite: 'sm2-sm3' })] })])).toEqual({
      code: 'ERR_VERIFY_TRUST_LIST_KEY_MISMATCH',
      field: '$[0].keys[0].suite',
    });
  });

  it('refuses impossible dates', () => {
    expect(refusal([issuer({ keys: [entry(ed, { validFrom: new Date('nope') })] })]).field).toBe(
      '$[0].keys[0].validFrom',
    );
    expect(refusal([issuer({ keys: [entry(ed, { validUntil: new Date('2019-01-01T00:00:00Z') })] })])).toEqual({
      code: 'ERR_VERIFY_TRUST_LIST_DATES',
      field: '$[0].keys[0].validUntil',
    });
    expect(refusal([issuer({ keys: [entry(ed, { revokedAt: new Date(Number.NaN) })] })]).field).toBe(
      '$[0].keys[0].revokedAt',
    );
  });

  it('refuses bad issuer and type codes with the identifiers’ own codes', () => {
    expect(refusal([issuer({ issuerCode: '11220000013544541K' as Uscc })])).toEqual({
      code: 'ERR_USCC_CHECK',
      field: '$[0].issuerCode',
    });
    expect(refusal([issuer({ types: ['nope' as TypeCode] })]).field).toBe('$[0].types[0]');
  });
});
