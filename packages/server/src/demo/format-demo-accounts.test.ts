import { describe, expect, it } from 'vitest';
import { CLIENT_KINDS, STAFF_ROLES } from '../auth/principal.js';
import { formatDemoAccounts } from './format-demo-accounts.js';
import type { DemoSummary } from './seed-demo.js';

/** A summary with one staff account per role and one client per kind (no store needed: the banner only formats). */
function summaryWithEveryRoleAndKind(): DemoSummary {
  return {
    anchorDate: '20260101',
    staff: STAFF_ROLES.map((role) => ({
      username: `user-${role}`,
      roles: [role],
      organisationCode: null,
      password: 'pw',
      otpauthUri: `otpauth://totp/Hutong:user-${role}?secret=ABCDEFGH`,
    })),
    clients: CLIENT_KINDS.map((kind) => ({
      key: kind,
      name: `client-${kind}`,
      kind,
      organisationCode: '91350100M000100Y43',
      organisationName: '某单位',
      clientId: `id-${kind}`,
      clientSecret: 'secret',
      scopes: [],
      licenceTypes: [],
    })),
    departments: 1,
    licenceTypes: 1,
    licencesByStatus: { valid: 1 },
    holders: [],
    added: {
      staff: 0,
      organisations: 0,
      keys: 0,
      licenceTypes: 0,
      responsibilities: 0,
      scenarios: 0,
      matters: 0,
      clients: 0,
      licences: 0,
      events: 0,
      expiries: 0,
    },
  };
}

describe('the demo banner (formatDemoAccounts)', () => {
  const lines = formatDemoAccounts(summaryWithEveryRoleAndKind(), 'http://127.0.0.1:8080/').split('\n');

  it('names every staff role in Chinese and English, never as its bare code', () => {
    for (const role of STAFF_ROLES) {
      const line = lines.find((l) => l.startsWith(`  user-${role}  `));
      const names = line?.slice(`  user-${role}  `.length) ?? '';
      expect(names, role).toMatch(/[\u4e00-\u9fff]+ [a-z]/);
      expect(names, role).not.toBe(role);
    }
  });

  it('names every client kind in Chinese and English, never as its bare code', () => {
    for (const kind of CLIENT_KINDS) {
      const line = lines.find((l) => l.startsWith(`  client-${kind} — `)) ?? '';
      const named = line.split(' — ').at(-1) ?? '';
      expect(named, kind).toMatch(/[\u4e00-\u9fff]+ [a-z]/);
      expect(named, kind).not.toBe(kind);
    }
  });
});
