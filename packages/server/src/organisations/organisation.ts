/**
 * Organisations known to the node: departments (部门, which issue licences and hold signing
 * keys) and relying parties (用证方, which use them), each identified by its unified social
 * credit code (GB 32100).
 */
import {
  type AreaCode,
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  type Label,
  parseAreaCode,
  parseUscc,
  type Uscc,
} from '@hutong/core';
import type { OrganisationsTable } from './organisations.tables.js';
import { readObject, readOneOf, readText, within } from './strict-input.js';

export const ORGANISATION_KINDS = ['department', 'relying-party'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface Organisation {
  readonly code: Uscc;
  readonly name: Label;
  readonly kind: OrganisationKind;
  /** GB/T 36902 administrative level. */
  readonly level: AuthorityLevel;
  /** GB/T 2260 area code of its jurisdiction. */
  readonly areaCode: AreaCode;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What registering an organisation takes. */
export interface OrganisationInput {
  readonly code: Uscc;
  readonly name: Label;
  readonly kind: OrganisationKind;
  readonly level: AuthorityLevel;
  readonly areaCode: AreaCode;
}

const MAX_NAME = 200;

/**
 * Parses an organisation from untrusted input, strictly: the USCC and the area code through
 * core (their precise codes, e.g. `ERR_USCC_CHECK`, with `field` naming the member), every
 * other fault as `ERR_ORGANISATIONS_INPUT`.
 *
 * @example parseOrganisationInput({ code: '116500000100000122', name: { zh: '新疆维吾尔自治区公安厅', en: 'Xinjiang Public Security Department' },
 *   kind: 'department', level: 'provincial', areaCode: '650000' })
 */
export function parseOrganisationInput(input: unknown): OrganisationInput {
  const object = readObject('ERR_ORGANISATIONS_INPUT', input, ['code', 'name', 'kind', 'level', 'areaCode']);
  const name = readObject('ERR_ORGANISATIONS_INPUT', object.name, ['zh', 'en'], [], 'name');
  return {
    code: within('code', () => parseUscc(object.code)),
    name: {
      zh: readText('ERR_ORGANISATIONS_INPUT', name.zh, 'name.zh', MAX_NAME),
      en: readText('ERR_ORGANISATIONS_INPUT', name.en, 'name.en', MAX_NAME),
    },
    kind: readOneOf('ERR_ORGANISATIONS_INPUT', object.kind, 'kind', ORGANISATION_KINDS),
    level: readOneOf('ERR_ORGANISATIONS_INPUT', object.level, 'level', AUTHORITY_LEVELS),
    areaCode: within('areaCode', () => parseAreaCode(object.areaCode)),
  };
}

/** A stored row as the domain sees it (codes were validated when written). */
export function organisationOf(row: OrganisationsTable): Organisation {
  return {
    code: row.code as Uscc,
    name: { zh: row.name_zh, en: row.name_en },
    kind: row.kind as OrganisationKind,
    level: row.level as AuthorityLevel,
    areaCode: row.area_code as AreaCode,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
