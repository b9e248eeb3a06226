/**
 * Test-only: a licence node with the development identity provider, a person type (the
 * library's sample) and an organisation type whose face names a legal representative, and
 * licences for two people and two organisations — issued through the real API.
 */
import type { Licence } from '@hutong/core';
import { createLicenceType } from '../../catalogue/create-licence-type.js';
import { publishLicenceType } from '../../catalogue/publish-licence-type.js';
import { setResponsibility } from '../../catalogue/set-responsibility.js';
import {
  CITIZEN_ID,
  ISSUER_CODE,
  OTHER_CITIZEN_ID,
  sampleInput,
  sampleTypeDocument,
  TYPE_CODE,
} from '../../library/test-support/licence-fixtures.js';
import { type LicenceNode, startLicenceNode } from '../../library/test-support/licence-node.js';
import type { TestDatabase } from '../../test-support/databases.js';
import { createTestClient } from '../../test-support/principals.js';

export { CITIZEN_ID, OTHER_CITIZEN_ID, TYPE_CODE };
/** An organisation type of the same defining authority: a business-licence-like face. */
export const ORG_TYPE_CODE = '11100000000013338W033';
/** 张三 is its legal representative. */
export const ORG_CODE = '91650102MA7HUT016D';
/** Someone else (李四) represents this one. */
export const OTHER_ORG_CODE = '91650102MA7HUT0248';

export interface HolderNode extends LicenceNode {
  /** Licences of CITIZEN_ID (张三): three of the person type. */
  readonly mine: readonly Licence[];
  /** One licence of OTHER_CITIZEN_ID (李四). */
  readonly theirs: Licence;
  readonly orgLicence: Licence;
  readonly otherOrgLicence: Licence;
}

const SYSTEM = { actor: 'system' };

function orgTypeDocument(): Record<string, unknown> {
  const {
    version: _v,
    status: _s,
    ...base
  } = sampleTypeDocument({
    certificateTypeCode: ORG_TYPE_CODE,
    name: { zh: '测试营业执照', en: 'Test business licence' },
    holderCategory: 'organisation',
    validity: { kind: 'long-term' },
    faceFields: [
      {
        key: 'entityName',
        label: { zh: '名称', en: 'Name' },
        type: 'string',
        required: true,
        maxLength: 100,
        sensitivity: 1,
      },
      {
        key: 'legalRepresentative',
        label: { zh: '法定代表人', en: 'Legal representative' },
        type: 'string',
        format: 'person-name',
        required: true,
        maxLength: 50,
        sensitivity: 2,
      },
    ],
  });
  return base;
}

function orgInput(code: string, name: string, representative: string, number: string) {
  return sampleInput({
    certificateTypeCode: ORG_TYPE_CODE,
    certificateNumber: number,
    certificateHolderName: name,
    certificateHolderCode: code,
    certificateHolderTypeCode: '001',
    face: { entityName: name, legalRepresentative: representative },
  });
}

export async function startHolderNode(
  create: () => Promise<TestDatabase>,
  options: { readonly now?: () => Date; readonly devProvider?: boolean } = {},
): Promise<HolderNode> {
  const node = await startLicenceNode(create, {
    ...(options.now === undefined ? {} : { now: options.now }),
    holders: { devProvider: options.devProvider ?? true },
  });
  const { ctx, app } = node;
  await createLicenceType(ctx, orgTypeDocument(), SYSTEM);
  await publishLicenceType(ctx, ORG_TYPE_CODE, {}, SYSTEM);
  await setResponsibility(
    ctx,
    { departmentCode: ISSUER_CODE, certificateTypeCode: ORG_TYPE_CODE, deadline: '2027-12-31', paperCount: 10 },
    SYSTEM,
  );
  const issuer = await createTestClient(ctx, {
    organisationCode: ISSUER_CODE,
    scopes: ['licence:issue', 'licence:status'],
    licenceTypes: [TYPE_CODE, ORG_TYPE_CODE],
  });
  const items = [
    sampleInput({ certificateNumber: 'H-1' }),
    sampleInput({ certificateNumber: 'H-2' }),
    sampleInput({ certificateNumber: 'H-3' }),
    sampleInput({
      certificateNumber: 'H-4',
      certificateHolderName: '李四',
      certificateHolderCode: OTHER_CITIZEN_ID,
      face: { holderName: '李四', idNumber: OTHER_CITIZEN_ID, operationCategory: '架子工' },
    }),
    orgInput(ORG_CODE, '乌鲁木齐互通科技有限公司', '张三', 'O-1'),
    orgInput(OTHER_ORG_CODE, '乌鲁木齐通达商贸有限公司', '李四', 'O-2'),
  ];
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/licences/batch',
    headers: { authorization: issuer.authorization },
    payload: { items } as never,
  });
  if (response.statusCode !== 200)
    throw new Error(`issuing the holder fixtures: ${response.statusCode} ${response.body}`);
  const licences = (response.json() as { results: Array<{ licence?: Licence; error?: unknown }> }).results.map(
    (result) => {
      if (result.licence === undefined) throw new Error(`issuing the holder fixtures: ${JSON.stringify(result)}`);
      return result.licence;
    },
  );
  const [a, b, c, theirs, orgLicence, otherOrgLicence] = licences as [
    Licence,
    Licence,
    Licence,
    Licence,
    Licence,
    Licence,
  ];
  return { ...node, mine: [a, b, c], theirs, orgLicence, otherOrgLicence };
}
