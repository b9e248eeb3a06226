import {
  citizenIdInfo,
  LICENCE_STATUSES,
  type LicenceType,
  parseAreaCode,
  parseCitizenId,
  parseLicenceType,
  parseTypeCode,
  parseUscc,
  validateHolderCode,
} from '@hutong/core';
import { describe, expect, it } from 'vitest';
import { prepareLicence } from '../issuance/prepare-licence.js';
import { createSecrets } from '../secrets/secrets.js';
import { DEMO_TYPE_KEYS, DEMO_TYPES, demoTypes } from './demo-catalogue.js';
import { addYears, ageOn, citizenIdOf, demoRandom, usccOf } from './demo-codes.js';
import { demoClientSecret, demoPassword } from './demo-credentials.js';
import { DEMO_AREAS, demoCompanies, demoPersons } from './demo-holders.js';
import { demoLicencePlan } from './demo-licences.js';
import { DEMO_DEPARTMENTS, DEMO_MINISTRIES, DEMO_RELYING_PARTIES } from './demo-organisations.js';

/** Anchors that stress calendar arithmetic: a leap day, a year's first and last day (never in the future: it is a seed's first day). */
const ANCHORS = ['20260301', '20240229', '20250101', '20251231'] as const;

function parsedTypes(): Map<string, LicenceType> {
  return new Map(
    demoTypes().map((t) => [t.code, parseLicenceType({ ...t.document, version: 1, status: 'published' })]),
  );
}

describe('demo identity codes', () => {
  it('builds codes whose check characters core accepts, and refuses shapes that cannot be codes', () => {
    expect(parseUscc(usccOf('91350100', 'M000100Y'))).toBe('91350100M000100Y43');
    expect(parseCitizenId(citizenIdOf('650102', '19850312', 17))).toMatch(/^65010219850312017[0-9X]$/);
    expect(() => usccOf('91350100', 'M000100O')).toThrow(/organisation code body/);
    expect(() => citizenIdOf('110105', '19491231', 2)).toThrow(/Xinjiang/);
  });

  it('gives every ministry, department, relying party and company a USCC that passes GB 32100 and GB 11714 strictly', () => {
    const codes = [
      ...Object.values(DEMO_MINISTRIES).map((m) => m.code),
      ...Object.values(DEMO_DEPARTMENTS).map((d) => d.code),
      ...Object.values(DEMO_RELYING_PARTIES).map((r) => r.code),
      ...demoCompanies(demoPersons('20260301'), '20260301').map((c) => c.creditCode),
    ];
    for (const code of codes) expect(parseUscc(code), code).toBe(code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const department of Object.values(DEMO_DEPARTMENTS)) {
      expect(department.code.slice(2, 8)).toBe('650000');
      expect(parseAreaCode(department.areaCode)).toBe('650000');
    }
  });

  it.each(ANCHORS)(
    'gives every resident a unique valid Xinjiang citizen ID matching sex and birth date (anchor %s)',
    (anchor) => {
      const persons = demoPersons(anchor);
      expect(persons.length).toBeGreaterThanOrEqual(200);
      const now = new Date(`${anchor.slice(0, 4)}-${anchor.slice(4, 6)}-${anchor.slice(6)}T12:00:00+08:00`);
      for (const person of persons) {
        const id = parseCitizenId(person.idNumber, { now });
        const info = citizenIdInfo(id);
        expect(id.startsWith('65')).toBe(true);
        expect(DEMO_AREAS.some((a) => a.code === person.area.code)).toBe(true);
        expect(info.sex).toBe(person.sex === '1' ? 'male' : 'female');
        expect(info.birthDate.replaceAll('-', '')).toBe(person.birthDate);
        expect(person.birthDate < anchor).toBe(true);
        expect(ageOn(person.birthDate, anchor)).toBeLessThanOrEqual(80);
      }
      expect(new Set(persons.map((p) => p.idNumber)).size).toBe(persons.length);
      // Han, Uyghur and Kazakh names, as the region's residents carry them.
      expect(persons.some((p) => p.ethnicity === '维吾尔' && p.name.includes('·'))).toBe(true);
      expect(persons.some((p) => p.ethnicity === '哈萨克')).toBe(true);
      expect(persons.some((p) => p.ethnicity === '汉')).toBe(true);
    },
  );

  it('is deterministic: the same anchor gives the same holders and the same plan', () => {
    expect(demoPersons('20260301')).toEqual(demoPersons('20260301'));
    expect(demoLicencePlan('20260301')).toEqual(demoLicencePlan('20260301'));
    const a = demoRandom(7);
    const b = demoRandom(7);
    expect([a.next(), a.int(1, 6), a.pick(['x', 'y', 'z'])]).toEqual([b.next(), b.int(1, 6), b.pick(['x', 'y', 'z'])]);
    expect(addYears('20240229', 1)).toBe('20250228');
  });
});

describe('demo catalogue', () => {
  it('has the thirteen types, each a valid GB/T 36902 entry whose code is its defining ministry + 3 digits', () => {
    const names = demoTypes().map((t) => (t.document.name as { zh: string }).zh);
    for (const required of [
      '居民身份证',
      '居民户口簿',
      '营业执照',
      '机动车驾驶证',
      '结婚证',
      '不动产权证书',
      '学位证书',
      '职业资格证书',
      '社会保障卡',
      '出生医学证明',
      '食品经营许可证',
      '医保电子凭证',
    ]) {
      expect(names).toContain(required);
    }
    expect(demoTypes()).toHaveLength(DEMO_TYPE_KEYS.length);
    for (const [code, type] of parsedTypes()) {
      expect(parseTypeCode(code)).toBe(code);
      expect(Object.values(DEMO_MINISTRIES).map((m) => m.code)).toContain(type.definingAuthority.code);
      expect(code).toMatch(new RegExp(`^${type.definingAuthority.code}[0-9]{3}$`));
      expect(type.faceFields.length).toBeGreaterThanOrEqual(4);
    }
  });

  it('grades identity numbers 3, names 2, images and health data 4, and no issuing office above 1', () => {
    for (const type of parsedTypes().values()) {
      for (const field of type.faceFields) {
        if (field.format === 'citizen-id') expect(field.sensitivity, field.key).toBe(3);
        if (field.format === 'person-name') expect(field.sensitivity, field.key).toBe(2);
        if (field.type === 'image') expect(field.sensitivity, field.key).toBe(4);
        if (/Office|Authority|institution|appraisalAgency/.test(field.key))
          expect(field.sensitivity, field.key).toBe(1);
      }
    }
    const birth = parsedTypes().get(DEMO_TYPES.birthCertificate.code);
    expect(birth?.faceFields.find((f) => f.key === 'birthWeightGrams')?.sensitivity).toBe(4);
  });
});

describe('demo licence plan', () => {
  it.each(ANCHORS)('passes issuance’s own checks for every input (anchor %s)', (anchor) => {
    const types = parsedTypes();
    const plan = demoLicencePlan(anchor);
    const now = new Date(`${anchor.slice(0, 4)}-${anchor.slice(4, 6)}-${anchor.slice(6)}T10:00:00+08:00`);
    expect(plan.issuances.length).toBeGreaterThanOrEqual(300);
    // A few hundred holders, persons and companies.
    expect(new Set(plan.issuances.map((i) => i.input.certificateHolderCode)).size).toBeGreaterThanOrEqual(250);
    expect(new Set(plan.issuances.map((i) => i.sourceKey)).size).toBe(plan.issuances.length);
    for (const item of plan.issuances) {
      const type = types.get(item.input.certificateTypeCode) as LicenceType;
      const department = DEMO_DEPARTMENTS[DEMO_TYPES[item.type].issuer];
      const prepared = prepareLicence(
        item.input,
        type,
        { code: parseUscc(department.code), name: department.name.zh, areaCode: parseAreaCode(department.areaCode) },
        { now },
      );
      expect(prepared.warnings, item.sourceKey).toEqual([]);
      // Holder codes pass their standard strictly (no legacy leniency anywhere in the demo).
      expect(
        validateHolderCode(item.input.certificateHolderTypeCode, item.input.certificateHolderCode).warnings,
      ).toEqual([]);
      expect(prepared.metadata.certificateEffectiveDate <= anchor, item.sourceKey).toBe(true);
    }
    for (const key of DEMO_TYPE_KEYS)
      expect(
        plan.issuances.some((i) => i.type === key),
        key,
      ).toBe(true);
  });

  it('puts licences in every state, one of them through its expiring date passing', () => {
    const plan = demoLicencePlan('20260301');
    const reached = new Set(Object.values(plan.expectedStatus));
    // Expiry is recorded by the node's clock (its expiry round), the others by posted events.
    for (const status of LICENCE_STATUSES) expect(reached, status).toContain(status);
    expect(plan.pastExpiry).toEqual(['demo-foodPermit-001']);
    const types = new Set(plan.events.map((e) => e.body.type));
    for (const type of [
      'suspension',
      'suspension-release',
      'change',
      'extension',
      'revocation',
      'cancellation',
      'abolition',
      'transfer',
      'mortgage',
      'mortgage-release',
      'annual-inspection',
    ]) {
      expect(types, type).toContain(type);
    }
    const mortgage = plan.events.find((e) => e.body.type === 'mortgage');
    expect(mortgage?.type).toBe('realEstateCertificate');
  });
});

describe('demo credentials', () => {
  it('derives passwords and client secrets from the master key: stable per key, different across keys and accounts', () => {
    const a = createSecrets(new Uint8Array(32).fill(1));
    const b = createSecrets(new Uint8Array(32).fill(2));
    expect(demoPassword(a, 'admin')).toBe(demoPassword(createSecrets(new Uint8Array(32).fill(1)), 'admin'));
    expect(demoPassword(a, 'admin')).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    expect(demoPassword(a, 'admin')).not.toBe(demoPassword(b, 'admin'));
    expect(demoPassword(a, 'admin')).not.toBe(demoPassword(a, 'auditor'));
    expect(demoClientSecret(a, 'venue:hotel')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(demoClientSecret(a, 'venue:hotel')).not.toBe(demoClientSecret(a, 'department:health'));
    expect(demoClientSecret(a, 'venue:hotel')).not.toBe(demoClientSecret(b, 'venue:hotel'));
  });
});
