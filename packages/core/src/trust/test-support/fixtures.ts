/**
 * Real keys, a real signed trust list and a real signed licence for show-code and
 * trust-list tests, per suite. Test-only.
 */
import { type LicenceType, parseLicenceType } from '../../catalogue/index.js';
import { sampleLicenceTypeDocument } from '../../catalogue/test-support/sample-licence-type.js';
import { generateSigningKey, type SigningKey, type SuiteName } from '../../crypto/index.js';
import { type Licence, signLicence } from '../../licence/index.js';
import {
  SAMPLE_IDENTIFIER,
  SAMPLE_ISSUER,
  SAMPLE_TYPE,
  sampleLicenceJson,
} from '../../licence/test-support/sample-licence.js';
import { buildTrustList, type TrustListInput } from '../build-trust-list.js';
import type { TrustList } from '../trust-list.js';
import { type PreparedTrustList, verifyTrustList } from '../verify-trust-list.js';

export { SAMPLE_IDENTIFIER, SAMPLE_ISSUER, SAMPLE_TYPE };

/** The instant the tests live at: mid-validity of the licence, within the trust list's validity. */
export const NOW = new Date('2026-03-01T04:00:00Z');
export const LIST_ISSUED = new Date('2026-02-28T00:00:00Z');
export const LIST_EXPIRES = new Date('2026-03-07T00:00:00Z');
export const KEY_FROM = new Date('2020-01-01T00:00:00Z');
export const NODE_ID = 'jl-node';
export const ISSUER_NAME = '吉林省住房和城乡建设厅';

/** A licence valid on {@link NOW}: the sample with current dates and a three-character name. */
export function currentLicenceJson(): Record<string, unknown> {
  const json = sampleLicenceJson() as { metadata: Record<string, unknown>; face: Record<string, unknown> };
  json.metadata.certificateHolderName = '王小明';
  json.metadata.certificateIssuedDate = '20250108';
  json.metadata.certificateEffectiveDate = '20250108';
  json.metadata.certificateExpiringDate = '20270108';
  json.face.holderName = '王小明';
  json.face.birthDate = '19491231';
  return json;
}

export function sampleType(): LicenceType {
  return parseLicenceType(sampleLicenceTypeDocument());
}

export interface Fixture {
  readonly suite: SuiteName;
  readonly nodeKey: SigningKey;
  readonly showingKey: SigningKey;
  readonly issuerKey: SigningKey;
  readonly type: LicenceType;
  readonly licence: Licence;
  readonly input: TrustListInput;
  readonly list: TrustList;
  readonly prepared: PreparedTrustList;
}

/** The trust list input of a fixture, to vary in tests. */
export function trustListInput(
  keys: { showingKey: SigningKey; issuerKey: SigningKey },
  extra: Partial<TrustListInput> = {},
): TrustListInput {
  return {
    node: { id: NODE_ID, name: '吉林省一体化政务服务平台', areaCode: '220000', url: 'https://zwfw.jl.example.cn' },
    version: 3,
    issuedAt: LIST_ISSUED,
    expiresAt: LIST_EXPIRES,
    issuers: [
      {
        issuerCode: SAMPLE_ISSUER,
        name: ISSUER_NAME,
        keys: [{ key: keys.issuerKey.publicKey, validFrom: KEY_FROM }],
        types: [SAMPLE_TYPE],
      },
    ],
    showingKeys: [{ key: keys.showingKey.publicKey, validFrom: KEY_FROM }],
    logKeys: [],
    ...extra,
  };
}

/** Keys of one suite, a trust list of the node that signs with them, and a licence. */
export async function fixture(suite: SuiteName): Promise<Fixture> {
  const [nodeKey, showingKey, issuerKey] = await Promise.all([
    generateSigningKey(suite),
    generateSigningKey(suite),
    generateSigningKey(suite),
  ]);
  const input = trustListInput({ showingKey, issuerKey });
  const list = await buildTrustList(input, nodeKey);
  const prepared = await verifyTrustList(list, [{ nodeId: NODE_ID, key: nodeKey.publicKey }], { at: NOW });
  const licence = await signLicence(currentLicenceJson() as never, issuerKey, {
    created: new Date('2025-01-08T02:00:00Z'),
  });
  return { suite, nodeKey, showingKey, issuerKey, type: sampleType(), licence, input, list, prepared };
}
