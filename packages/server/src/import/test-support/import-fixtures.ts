/**
 * Test-only: a node ready to import into (a department with a signing key, a published
 * licence type with the department on its responsibility list), built through the real use
 * cases, and import files written as a department would send them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SuiteName } from '@hutong/core';
import ExcelJS from 'exceljs';
import type { ActingAs, AppContext } from '../../app-context.js';
import { createLicenceType } from '../../catalogue/create-licence-type.js';
import { publishLicenceType } from '../../catalogue/publish-licence-type.js';
import { setResponsibility } from '../../catalogue/set-responsibility.js';
import { generateIssuerKey } from '../../keys/generate-issuer-key.js';
import { createOrganisation } from '../../organisations/create-organisation.js';

/** 新疆维吾尔自治区公安厅 (a valid GB 32100 code). */
export const IMPORT_ISSUER = '116500000100000122';
/** A second department, on no responsibility list. */
export const OTHER_DEPARTMENT = '11650000MB0000019T';
export const IMPORT_TYPE = '11100000000013338W032';
export const ADMIN: ActingAs = { actor: 'staff:test-admin' };

/** The citizen ID numbers of a test population: valid GB 11643 numbers, born 1960–1999 in Ürümqi. */
export function citizenId(n: number): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + (n % 14_600) * 86_400_000);
  const date = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const body = `650102${date}${String(Math.floor(n / 14_600) % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (weights[i] ?? 0), 0);
  return `${body}${'10X98765432'[sum % 11]}`;
}

export function importTypeDocument(): Record<string, unknown> {
  return {
    certificateTypeCode: IMPORT_TYPE,
    name: { zh: '建筑施工特种作业人员操作资格证书', en: 'Construction special-operations qualification certificate' },
    definingAuthority: { name: '住房和城乡建设部', code: '11100000000013338W', level: 'national' },
    holderCategory: 'person',
    validity: { kind: 'period', years: 2 },
    issuingAuthorityLevel: ['provincial'],
    faceFields: [
      {
        key: 'holderName',
        label: { zh: '姓名', en: 'Name' },
        type: 'string',
        required: true,
        maxLength: 50,
        sensitivity: 2,
      },
      {
        key: 'idNumber',
        label: { zh: '身份证号', en: 'Citizen ID number' },
        type: 'string',
        format: 'citizen-id',
        required: true,
        sensitivity: 3,
      },
      {
        key: 'operationCategory',
        label: { zh: '操作类别', en: 'Operation category' },
        type: 'string',
        required: true,
        maxLength: 20,
        sensitivity: 1,
      },
      {
        key: 'employerCode',
        label: { zh: '聘用单位代码', en: 'Employer code' },
        type: 'string',
        format: 'uscc',
        required: false,
        sensitivity: 1,
      },
      { key: 'certified', label: { zh: '已考核', en: 'Certified' }, type: 'boolean', required: false, sensitivity: 1 },
    ],
    templateId: 'construction-operator',
  };
}

/**
 * Registers the issuer (and a second department), gives the issuer a signing key, creates
 * and publishes the type, and puts the issuer on its responsibility list.
 *
 * @example await prepareImportNode(ctx, 'ed25519');
 */
export async function prepareImportNode(ctx: AppContext, suite: SuiteName = 'ed25519'): Promise<void> {
  await createOrganisation(
    ctx,
    {
      code: IMPORT_ISSUER,
      name: { zh: '新疆维吾尔自治区公安厅', en: 'Xinjiang Public Security Department' },
      kind: 'department',
      level: 'provincial',
      areaCode: '650000',
    },
    ADMIN,
  );
  await createOrganisation(
    ctx,
    {
      code: OTHER_DEPARTMENT,
      name: { zh: '新疆维吾尔自治区住房和城乡建设厅', en: 'Xinjiang Housing Department' },
      kind: 'department',
      level: 'provincial',
      areaCode: '650000',
    },
    ADMIN,
  );
  await generateIssuerKey(ctx, IMPORT_ISSUER, { suite }, ADMIN);
  await createLicenceType(ctx, importTypeDocument(), ADMIN);
  await publishLicenceType(ctx, IMPORT_TYPE, {}, ADMIN);
  await setResponsibility(
    ctx,
    { departmentCode: IMPORT_ISSUER, certificateTypeCode: IMPORT_TYPE, deadline: '2027-12-31', paperCount: 5000 },
    ADMIN,
  );
}

export const IMPORT_COLUMNS = [
  'sourceKey',
  'certificateHolderName',
  'certificateHolderCode',
  'certificateHolderTypeCode',
  'certificateNumber',
  'certificateIssuedDate',
  'certificateEffectiveDate',
  'certificateExpiringDate',
  'holderName',
  'idNumber',
  'operationCategory',
] as const;

/** A valid row of the test type (sourceKey `SK-<n>`). */
export function validRow(n: number): Record<(typeof IMPORT_COLUMNS)[number], string> {
  const id = citizenId(n);
  return {
    sourceKey: `SK-${n}`,
    certificateHolderName: `持证人${n}`,
    certificateHolderCode: id,
    certificateHolderTypeCode: '111',
    certificateNumber: `新A${String(n).padStart(10, '0')}`,
    certificateIssuedDate: n % 2 === 0 ? '2019-03-01' : '20190301',
    certificateEffectiveDate: '2019-03-01',
    certificateExpiringDate: '2021-03-01',
    holderName: `持证人${n}`,
    idNumber: id,
    operationCategory: '建筑电工',
  };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes a CSV (UTF-8, optionally with a BOM or as GB18030) of the given rows.
 *
 * @example writeCsv(path, IMPORT_COLUMNS, [validRow(1)]);
 */
export function writeCsv(
  path: string,
  columns: readonly string[],
  rows: ReadonlyArray<Readonly<Record<string, string>>>,
  options: { readonly bom?: boolean; readonly gb18030?: boolean } = {},
): void {
  const text = [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c] ?? '')).join(','))].join(
    '\r\n',
  );
  mkdirSync(dirname(path), { recursive: true });
  if (options.gb18030 === true) {
    writeFileSync(path, encodeGb18030(text));
    return;
  }
  writeFileSync(path, `${options.bom === true ? '\uFEFF' : ''}${text}\r\n`, 'utf8');
}

/**
 * GB18030 bytes of a text made of ASCII and the CJK characters the tests use: Node has a
 * GB18030 decoder but no encoder, so each character's code is found by decoding candidates
 * (GBK two-byte codes: lead 0x81–0xFE, trail 0x40–0xFE except 0x7F).
 */
function encodeGb18030(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (!table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(ch);
      if (pair === undefined) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return new Uint8Array(bytes);
}

/**
 * Writes an XLSX workbook (first sheet: the rows; a second sheet that must be ignored) with
 * exceljs. `cells` may hold numbers, dates and booleans, as Excel users type them.
 *
 * @example await writeXlsx(path, IMPORT_COLUMNS, [validRow(1)]);
 */
export async function writeXlsx(
  path: string,
  columns: readonly string[],
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('证照');
  sheet.addRow([...columns]);
  for (const row of rows) sheet.addRow(columns.map((c) => row[c] ?? null));
  const notes = workbook.addWorksheet('说明');
  notes.addRow(['this sheet is not imported']);
  mkdirSync(dirname(path), { recursive: true });
  await workbook.xlsx.writeFile(path);
}
