/** Staff users of the web UI: created by a platform administrator (or the demo seed), listed. */
import { randomUUID } from 'node:crypto';
import { isHutongError, parseUscc } from '@hutong/core';
import type { Selectable } from 'kysely';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { openSealedValue, sealValue } from '../secrets/sealed-value.js';
import type { StaffUsersTable } from './auth.tables.js';
import { readRoles } from './json-columns.js';
import { isStaffRole, type StaffRole } from './principal.js';
import { hashSecret } from './secret-hash.js';
import { base32Encode, generateTotpSecret, otpauthUri } from './totp.js';

/** NIST SP 800-63B §5.1.1.2 asks for at least 8; staff accounts guard licence data, so 12. */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export interface StaffUserView {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly StaffRole[];
  readonly organisationCode: string | null;
  readonly status: 'active' | 'disabled';
  readonly createdAt: string;
}

export interface NewStaffUser {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly StaffRole[];
  readonly organisationCode?: string | null | undefined;
}

export interface CreatedStaffUser {
  readonly user: StaffUserView;
  /** The TOTP secret (base32) and its otpauth URI: shown once, to enrol an authenticator app. */
  readonly totpSecret: string;
  readonly otpauthUri: string;
}

export function staffUserViewOf(row: Selectable<StaffUsersTable>): StaffUserView {
  return {
    userId: row.id,
    username: row.username,
    roles: readRoles(row.roles),
    organisationCode: row.organisation_code,
    status: row.status === 'active' ? 'active' : 'disabled',
    createdAt: row.created_at,
  };
}

/** The associated data binding a sealed TOTP secret to its row. */
export function totpAssociatedData(userId: string): string {
  return `staff_users:${userId}`;
}

/** The TOTP secret of a user row, opened with the master key. */
export function totpSecretOf(
  ctx: AppContext,
  row: Pick<Selectable<StaffUsersTable>, 'id' | 'totp_secret'>,
): Uint8Array {
  return openSealedValue(ctx.secrets, 'totp-encryption', row.totp_secret, totpAssociatedData(row.id));
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both). */
function invalid(field: string, reason: string, reasonZh: string): ServerError {
  return new ServerError('ERR_AUTH_USER_INVALID', { field, params: { reason }, zhParams: { reason: reasonZh } });
}

/**
 * Creates a staff user with a password (scrypt) and a fresh TOTP secret (sealed at rest).
 *
 * @example const { user, otpauthUri } = await createStaffUser(ctx, { username: 'auditor1', password, roles: ['auditor'] }, { actor: 'system' });
 */
export async function createStaffUser(
  ctx: AppContext,
  input: NewStaffUser,
  by: { readonly actor: string; readonly requestId?: string | undefined },
): Promise<CreatedStaffUser> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw invalid(
      'username',
      'use 3–64 of a–z, 0–9, dot, dash, underscore, starting with a letter or digit',
      '须为 3 至 64 个 a–z、0–9、点、连字符或下划线，且以字母或数字开头',
    );
  }
  const passwordLength = [...input.password].length;
  if (passwordLength < MIN_PASSWORD_LENGTH || passwordLength > MAX_PASSWORD_LENGTH) {
    throw invalid(
      'password',
      `the password needs ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`,
      `密码须为 ${MIN_PASSWORD_LENGTH} 至 ${MAX_PASSWORD_LENGTH} 个字符`,
    );
  }
  const roles = [...new Set(input.roles)];
  if (roles.length === 0 || !roles.every(isStaffRole))
    throw invalid('roles', 'give one or more known roles', '须给出一个或多个已知角色');
  let organisationCode: string | null = null;
  if (input.organisationCode !== undefined && input.organisationCode !== null) {
    try {
      organisationCode = parseUscc(input.organisationCode);
    } catch (error) {
      if (!isHutongError(error)) throw error;
      throw invalid(
        'organisationCode',
        `not a valid unified social credit code (${error.code})`,
        `不是有效的统一社会信用代码（${error.code}）`,
      );
    }
  }
  if (roles.includes('department-operator') && organisationCode === null) {
    throw invalid('organisationCode', 'a department operator belongs to an organisation', '部门操作员须属于某个组织');
  }
  // A counter clerk uses only its own organisation's relying-party clients (matters/act-for-relying-party.ts).
  if (roles.includes('counter-clerk') && organisationCode === null) {
    throw invalid('organisationCode', 'a counter clerk belongs to an organisation', '柜台办事员须属于某个组织');
  }
  const existing = await ctx.store.db
    .selectFrom('staff_users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (existing !== undefined)
    throw new ServerError('ERR_AUTH_USERNAME_TAKEN', { field: 'username', params: { username } });

  const id = randomUUID();
  const totpSecret = generateTotpSecret();
  const now = ctx.now().toISOString();
  const row = {
    id,
    username,
    password_hash: await hashSecret(input.password),
    roles: JSON.stringify(roles),
    organisation_code: organisationCode,
    totp_secret: sealValue(ctx.secrets, 'totp-encryption', totpSecret, totpAssociatedData(id)),
    totp_last_step: null,
    status: 'active',
    created_at: now,
    updated_at: now,
  };
  try {
    await ctx.store.db.transaction().execute(async (trx) => {
      await trx.insertInto('staff_users').values(row).execute();
      await recordEvent(trx, {
        type: 'staff.created',
        actor: by.actor,
        requestId: by.requestId,
        target: id,
        details: { username, roles, organisationCode },
        at: now,
      });
    });
  } catch (error) {
    // Two creations of one name at once: the unique index decides, the loser hears why.
    const again = await ctx.store.db
      .selectFrom('staff_users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (again !== undefined && again.id !== id) {
      throw new ServerError('ERR_AUTH_USERNAME_TAKEN', { field: 'username', params: { username } });
    }
    throw error;
  }
  return {
    user: staffUserViewOf(row),
    totpSecret: base32Encode(totpSecret),
    otpauthUri: otpauthUri('互通 Hutong', username, totpSecret),
  };
}

/** Lists staff users by user name (keyset pagination). */
export async function listStaffUsers(
  ctx: AppContext,
  query: { readonly after?: string | undefined; readonly limit: number },
): Promise<{ readonly items: readonly StaffUserView[]; readonly next: string | null }> {
  let select = ctx.store.db
    .selectFrom('staff_users')
    .selectAll()
    .orderBy('username')
    .limit(query.limit + 1);
  if (query.after !== undefined) select = select.where('username', '>', query.after);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(staffUserViewOf),
    next: rows.length > query.limit ? (page[page.length - 1]?.username ?? null) : null,
  };
}
