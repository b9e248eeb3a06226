/**
 * `seedDemo`: the demo library of `npm start` (`hutong serve --demo`), built ONLY through the
 * node's own use cases — staff users, organisations, issuer keys, the catalogue with its
 * responsibility and scenario lists, API clients, batch issuance and lifecycle events — so
 * that every demo record went through the same validation, signing, audit chain and
 * transparency log as a real one. Nothing is inserted behind their back.
 *
 * Idempotent: each step first looks for what it would create (by username, USCC, type code,
 * client name, the licence's source key, the events already in a licence's history) and
 * writes only what is missing, so a second start adds nothing, and a start killed half-way
 * finishes the job. The demo's dates hang off an anchor kept in the store (the day the demo
 * departments were registered), so every run asks for exactly the same licences.
 */

import type { LicenceStatus } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import type { ClientView } from '../auth/client-view.js';
import { listClients } from '../auth/manage-clients.js';
import type { ClientPrincipal, Scope, StaffPrincipal, StaffRole } from '../auth/principal.js';
import { registerClient } from '../auth/register-client.js';
import { verifySecret } from '../auth/secret-hash.js';
import { createStaffUser, totpSecretOf } from '../auth/staff-users.js';
import { otpauthUri } from '../auth/totp.js';
import { addScenario } from '../catalogue/add-scenario.js';
import { createLicenceType } from '../catalogue/create-licence-type.js';
import { getLicenceType } from '../catalogue/get-licence-type.js';
import { listResponsibilities } from '../catalogue/list-responsibilities.js';
import { listScenarios } from '../catalogue/list-scenarios.js';
import { publishLicenceType } from '../catalogue/publish-licence-type.js';
import { setResponsibility } from '../catalogue/set-responsibility.js';
import { isServerError } from '../errors.js';
import { setClearance } from '../grants/clearance.js';
import { todayInChina } from '../issuance/compact-date.js';
import { issueLicenceBatch } from '../issuance/issue-licence-batch.js';
import { generateIssuerKey } from '../keys/generate-issuer-key.js';
import { listIssuerKeys } from '../keys/list-issuer-keys.js';
import { readStatusHistory } from '../library/read-licence-view.js';
import { DEFAULT_PUBLIC_URL } from '../library/write-context-for.js';
import type { MatterCreate } from '../matters/matters.schema.js';
import { createMatter } from '../matters/save-matter.js';
import { createOrganisation } from '../organisations/create-organisation.js';
import { getOrganisation } from '../organisations/get-organisation.js';
import type { Secrets } from '../secrets/secrets.js';
import { applyLicenceEvent } from '../status/apply-licence-event.js';
import { expireLicences } from '../status/expire-licences.js';
import { nodeOperatorOf, setNodeOperator } from '../trust/node-operator.js';
import { DEMO_TYPES, type DemoTypeKey, demoTypes } from './demo-catalogue.js';
import { demoClientSecret, demoPassword } from './demo-credentials.js';
import { type DemoHolderSample, demoHolderSamples } from './demo-holder-samples.js';
import { type DemoEvent, demoLicencePlan } from './demo-licences.js';
import { DEMO_HOUSING_FUND_CENTRE, DEMO_MATTERS, departmentCodeOf } from './demo-matters.js';
import { DEMO_DEPARTMENTS, DEMO_RELYING_PARTIES, type DemoDepartmentKey } from './demo-organisations.js';

export interface SeedDemoOptions {
  /** The clock the seed writes with; default the context's. */
  readonly now?: (() => Date) | undefined;
  /** The node's public base URL, for the status-list URLs signed into licences (default as `buildApp`). */
  readonly publicUrl?: string | undefined;
}

/** A demo staff account as printed at start. */
export interface DemoStaffAccount {
  readonly username: string;
  readonly roles: readonly StaffRole[];
  readonly organisationCode: string | null;
  /**
   * The password, or undefined when the stored hash no longer matches the one derived from
   * the master key (the account was changed, or the master key was replaced without its
   * predecessor in `HUTONG_MASTER_KEY_PREVIOUS`).
   */
  readonly password: string | undefined;
  /** The TOTP enrolment URI (RFC 6238 secret, base32) for an authenticator app. */
  readonly otpauthUri: string;
}

/** A demo API client as printed at start. */
export interface DemoClientAccount {
  readonly key: string;
  readonly name: string;
  readonly kind: ClientView['kind'];
  readonly organisationCode: string;
  readonly organisationName: string;
  readonly clientId: string;
  /** As for staff passwords: undefined when the stored hash no longer matches. */
  readonly clientSecret: string | undefined;
  readonly scopes: readonly Scope[];
  readonly licenceTypes: readonly string[] | '*';
}

/** What the demo node holds after seeding, and what this run added. */
export interface DemoSummary {
  /** The anchor of the demo's dates (`yyyyMMdd`, China time): the day the demo was first seeded. */
  readonly anchorDate: string;
  readonly staff: readonly DemoStaffAccount[];
  readonly clients: readonly DemoClientAccount[];
  readonly departments: number;
  readonly licenceTypes: number;
  /** Every licence version in the library, by status. */
  readonly licencesByStatus: Readonly<Partial<Record<LicenceStatus, number>>>;
  /** Holders to try holder sign-in with (development provider): see `demoHolderSamples`. */
  readonly holders: readonly DemoHolderSample[];
  /** Writes made by this run (all zero on a second start). */
  readonly added: {
    readonly staff: number;
    readonly organisations: number;
    readonly keys: number;
    readonly licenceTypes: number;
    readonly responsibilities: number;
    readonly scenarios: number;
    readonly matters: number;
    readonly clients: number;
    readonly licences: number;
    readonly events: number;
    /** Licences found past their expiring date and recorded expired. */
    readonly expiries: number;
  };
}

/** The request id the seed's writes carry in the audit trail. */
export const DEMO_REQUEST_ID = 'demo-seed';

const STAFF: ReadonlyArray<{
  readonly username: string;
  readonly roles: readonly StaffRole[];
  readonly department?: DemoDepartmentKey;
  /** The relying party a counter clerk serves at (its organisation). */
  readonly relyingParty?: keyof typeof DEMO_RELYING_PARTIES;
}> = [
  { username: 'admin', roles: ['platform-admin', 'catalogue-admin'] },
  { username: 'operator', roles: ['department-operator'], department: 'publicSecurity' },
  { username: 'auditor', roles: ['auditor'] },
  // A clerk at the government service centre's counter: prefills matters with holders' grants
  // through the centre's relying-party client (docs/design/counter-prefill.md).
  { username: 'clerk', roles: ['counter-clerk'], relyingParty: 'serviceCentre' },
];

interface DemoClientSpec {
  readonly key: string;
  readonly name: string;
  readonly organisationCode: string;
  readonly organisationName: string;
  readonly kind: ClientView['kind'];
  readonly scopes: readonly Scope[];
  readonly licenceTypes: readonly string[];
}

function typesIssuedBy(department: DemoDepartmentKey): string[] {
  return demoTypes()
    .filter((type) => type.issuer === department)
    .map((type) => type.code);
}

function clientSpecs(): DemoClientSpec[] {
  const departments = (Object.keys(DEMO_DEPARTMENTS) as DemoDepartmentKey[]).map((key) => {
    const department = DEMO_DEPARTMENTS[key];
    return {
      key: `department:${key}`,
      name: `${department.name.zh}电子证照业务系统`,
      organisationCode: department.code,
      organisationName: department.name.zh,
      kind: 'department' as const,
      scopes: ['licence:issue', 'licence:status', 'licence:read'] as const,
      licenceTypes: typesIssuedBy(key),
    };
  });
  const centre = DEMO_RELYING_PARTIES.serviceCentre;
  const hotel = DEMO_RELYING_PARTIES.hotel;
  const regulator = DEMO_DEPARTMENTS.marketRegulation;
  const codes = (...keys: DemoTypeKey[]) => keys.map((key) => DEMO_TYPES[key].code);
  return [
    ...departments,
    {
      key: 'relying-party:serviceCentre',
      name: '政务服务一网通办平台',
      organisationCode: centre.code,
      organisationName: centre.name.zh,
      kind: 'relying-party',
      scopes: ['licence:read'],
      licenceTypes: codes('idCard', 'businessLicence', 'realEstateCertificate', 'marriageCertificate'),
    },
    {
      key: 'kiosk:serviceCentre',
      name: '政务服务中心自助终端',
      organisationCode: centre.code,
      organisationName: centre.name.zh,
      kind: 'kiosk',
      scopes: ['kiosk'],
      licenceTypes: demoTypes().map((type) => type.code),
    },
    {
      key: 'venue:hotel',
      name: '天山大酒店前台核验终端',
      organisationCode: hotel.code,
      organisationName: hotel.name.zh,
      kind: 'venue',
      scopes: ['verify'],
      licenceTypes: codes('idCard', 'drivingLicence'),
    },
    // 事中事后监管: a market-regulation law-enforcement terminal checks shown or printed
    // licences on site and records the result against them (POST /api/v1/inspections).
    {
      key: 'inspector:marketRegulation',
      name: `${regulator.name.zh}执法检查终端`,
      organisationCode: regulator.code,
      organisationName: regulator.name.zh,
      kind: 'inspector',
      scopes: ['verify'],
      licenceTypes: typesIssuedBy('marketRegulation'),
    },
  ];
}

function hasCode(error: unknown, code: string): boolean {
  return isServerError(error) && error.code === code;
}

/** The derived credential that matches a stored hash: the current master key's, else an earlier one's. */
async function matchingCredential(
  secrets: Secrets,
  stored: string | null,
  derive: (secrets: Secrets) => string,
): Promise<string | undefined> {
  if (stored === null) return undefined;
  for (const candidate of [secrets, ...secrets.previous]) {
    const value = derive(candidate);
    if (await verifySecret(value, stored)) return value;
  }
  return undefined;
}

/**
 * `Promise.all` that waits for every branch before failing: a failed step never leaves
 * siblings writing behind the caller's back (the next start must see a settled store).
 */
async function allSettled<T>(work: ReadonlyArray<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** The k-th occurrence of the same event on the same licence (1-based), to tell applied from pending. */
function sameEvent(a: DemoEvent, b: DemoEvent): boolean {
  return a.sourceKey === b.sourceKey && a.body.type === b.body.type && a.body.id === b.body.id;
}

/**
 * Seeds the demo library (issue 3, item 11) and answers the accounts to print. See the file
 * comment for what it creates and why it may run on every start.
 *
 * @example
 * const summary = await seedDemo(ctx);
 * process.stderr.write(formatDemoAccounts(summary, server.url));
 */
export async function seedDemo(baseCtx: AppContext, options: SeedDemoOptions = {}): Promise<DemoSummary> {
  const ctx: AppContext = options.now === undefined ? baseCtx : { ...baseCtx, now: options.now };
  const publicUrl = options.publicUrl ?? DEFAULT_PUBLIC_URL;
  const db = ctx.store.db;
  const added = {
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
  };
  const system = { actor: 'system', requestId: DEMO_REQUEST_ID };

  // 1. Staff users: the seed is the node's bootstrap, so it acts as `system` here. All at
  // once: their scrypt hashes (tens of milliseconds each) then run side by side on the pool.
  const staffRows = new Map<string, { id: string; created: boolean }>();
  await allSettled(
    STAFF.map(async (spec) => {
      const found = await db
        .selectFrom('staff_users')
        .select('id')
        .where('username', '=', spec.username)
        .executeTakeFirst();
      if (found !== undefined) {
        staffRows.set(spec.username, { id: found.id, created: false });
        return;
      }
      const { user } = await createStaffUser(
        ctx,
        {
          username: spec.username,
          password: demoPassword(ctx.secrets, spec.username),
          roles: spec.roles,
          organisationCode:
            spec.department !== undefined
              ? DEMO_DEPARTMENTS[spec.department].code
              : spec.relyingParty !== undefined
                ? DEMO_RELYING_PARTIES[spec.relyingParty].code
                : null,
        },
        system,
      );
      staffRows.set(spec.username, { id: user.userId, created: true });
      added.staff++;
    }),
  );
  const adminId = staffRows.get('admin')?.id ?? 'system';
  // Everything else is done by the platform administrator, as a real node's set-up would be.
  const admin = { actor: `staff:${adminId}`, requestId: DEMO_REQUEST_ID };

  // 2. Organisations: the issuing departments and two relying parties.
  const organisations = [
    ...Object.values(DEMO_DEPARTMENTS).map((d) => ({ ...d, kind: 'department' as const })),
    ...Object.values(DEMO_RELYING_PARTIES).map((r) => ({ ...r, kind: 'relying-party' as const })),
    // Handles a service matter (住房公积金异地转移接续) and issues no licence here.
    { ...DEMO_HOUSING_FUND_CENTRE, kind: 'department' as const },
  ];
  for (const organisation of organisations) {
    try {
      await createOrganisation(
        ctx,
        {
          code: organisation.code,
          name: organisation.name,
          kind: organisation.kind,
          level: organisation.level,
          areaCode: organisation.areaCode,
        },
        admin,
      );
      added.organisations++;
    } catch (error) {
      if (!hasCode(error, 'ERR_ORGANISATIONS_EXISTS')) throw error;
    }
  }
  // The demo node is run by the region's government service centre: its name, not the node's
  // UUID, names the node in the trust list verifiers show. An operator already chosen stays.
  if ((await nodeOperatorOf(ctx)) === undefined) await setNodeOperator(ctx, DEMO_RELYING_PARTIES.serviceCentre.code);
  // The anchor: the day the first demo department was registered, kept by the store itself.
  const anchorDate = todayInChina(
    new Date((await getOrganisation(ctx, DEMO_DEPARTMENTS.publicSecurity.code)).createdAt),
  );

  // 3. One node-held signing key per department (SM2 for most, Ed25519 for the university).
  for (const department of Object.values(DEMO_DEPARTMENTS)) {
    const keys = await listIssuerKeys(ctx, department.code);
    const active = keys.some((k) => k.custody === 'node' && k.status === 'active' && k.suite === department.suite);
    if (active) continue;
    await generateIssuerKey(ctx, department.code, { suite: department.suite }, admin);
    added.keys++;
  }

  // 4. The catalogue: types (draft → published), responsibility list, scenario list.
  for (const type of demoTypes()) {
    try {
      await createLicenceType(ctx, type.document, admin);
      added.licenceTypes++;
    } catch (error) {
      if (!hasCode(error, 'ERR_CATALOGUE_TYPE_EXISTS')) throw error;
    }
    const current = await getLicenceType(ctx, type.code, { includeDrafts: true });
    if (current.status === 'draft') await publishLicenceType(ctx, type.code, {}, admin);

    const department = DEMO_DEPARTMENTS[type.issuer];
    const entries = await listResponsibilities(
      ctx,
      { certificateTypeCode: type.code, departmentCode: department.code },
      { includeDrafts: true },
    );
    if (entries.items.length === 0) {
      await setResponsibility(
        ctx,
        {
          departmentCode: department.code,
          certificateTypeCode: type.code,
          deadline: `${Number(anchorDate.slice(0, 4)) + type.deadline.yearsAhead}${type.deadline.monthDay}`,
          ...(type.paperCount === undefined ? {} : { paperCount: type.paperCount }),
        },
        admin,
      );
      added.responsibilities++;
    }

    const scenarios = await listScenarios(ctx, { certificateTypeCode: type.code, limit: 100 }, { includeDrafts: true });
    for (const scenario of type.scenarios) {
      if (scenarios.items.some((s) => s.description === scenario.description)) continue;
      await addScenario(ctx, { certificateTypeCode: type.code, ...scenario }, admin);
      added.scenarios++;
    }
  }

  // 4b. Service matters (政务服务事项) and the scenario-list entries that make a type
  // obtainable electronically for a matter (docs/design/matters.md §Figures).
  for (const demoMatter of DEMO_MATTERS) {
    try {
      const input = { ...demoMatter.document, departmentCode: departmentCodeOf(demoMatter) } as unknown as MatterCreate;
      await createMatter(ctx, input, admin);
      added.matters++;
    } catch (error) {
      if (!hasCode(error, 'ERR_MATTERS_EXISTS')) throw error;
    }
    for (const scenario of demoMatter.scenarios) {
      const type = DEMO_TYPES[scenario.type];
      const known = await listScenarios(ctx, { certificateTypeCode: type.code, limit: 100 }, { includeDrafts: true });
      if (known.items.some((s) => s.description === scenario.description)) continue;
      await addScenario(
        ctx,
        {
          certificateTypeCode: type.code,
          matterCode: String(demoMatter.document.code),
          description: scenario.description,
        },
        admin,
      );
      added.scenarios++;
    }
  }

  // 5. API clients, with secrets derived from the master key (stored as scrypt hashes);
  // registered side by side for the same reason as the staff users.
  const views = new Map<string, ClientView>();
  const clients: DemoClientAccount[] = await allSettled(
    clientSpecs().map(async (spec): Promise<DemoClientAccount> => {
      const page = await listClients(ctx, { organisationCode: spec.organisationCode, limit: 100 });
      let view = page.items.find((c) => c.name === spec.name);
      let clientSecret: string | undefined;
      if (view === undefined) {
        const registered = await registerClient(
          ctx,
          {
            name: spec.name,
            organisationCode: spec.organisationCode,
            kind: spec.kind,
            scopes: spec.scopes,
            licenceTypes: spec.licenceTypes,
            clientSecret: demoClientSecret(ctx.secrets, spec.key),
          },
          admin,
        );
        view = registered.client;
        clientSecret = registered.clientSecret;
        added.clients++;
      } else {
        const row = await db
          .selectFrom('api_clients')
          .select('secret_hash')
          .where('id', '=', view.clientId)
          .executeTakeFirst();
        clientSecret = await matchingCredential(ctx.secrets, row?.secret_hash ?? null, (s) =>
          demoClientSecret(s, spec.key),
        );
      }
      views.set(spec.key, view);
      return {
        key: spec.key,
        name: view.name,
        kind: view.kind,
        organisationCode: view.organisationCode,
        organisationName: spec.organisationName,
        clientId: view.clientId,
        clientSecret,
        scopes: view.scopes,
        licenceTypes: view.licenceTypes,
      };
    }),
  );
  // The government service platform sees sensitive fields (grade 3, ID numbers) of what a
  // holder grants it; grade 4 (biometrics, health) stays masked. Set once (grants/clearance.ts).
  const platform = views.get('relying-party:serviceCentre');
  if (platform !== undefined) {
    const set = await db
      .selectFrom('client_clearances')
      .select('client_id')
      .where('client_id', '=', platform.clientId)
      .executeTakeFirst();
    if (set === undefined) await setClearance(ctx, platform.clientId, 3, admin);
  }
  const principalOf = (department: DemoDepartmentKey): ClientPrincipal => {
    const view = views.get(`department:${department}`);
    if (view === undefined) throw new Error(`demo client of ${department} missing`);
    return {
      kind: 'client',
      clientId: view.clientId,
      organisationCode: view.organisationCode,
      scopes: view.scopes,
      licenceTypes: view.licenceTypes,
    };
  };

  // 6. Licences: each department issues its own through the batch path (one request each).
  const plan = demoLicencePlan(anchorDate);
  const identifiers = new Map<string, string>();
  for (const department of Object.keys(DEMO_DEPARTMENTS) as DemoDepartmentKey[]) {
    const items = plan.issuances.filter((item) => DEMO_TYPES[item.type].issuer === department);
    if (items.length === 0) continue;
    const { items: outcomes } = await issueLicenceBatch(
      ctx,
      principalOf(department),
      items.map((item) => item.input),
      { publicUrl, requestId: DEMO_REQUEST_ID },
    );
    for (const outcome of outcomes) {
      const item = items[outcome.index];
      if (item === undefined) continue;
      if (outcome.outcome === 'rejected') {
        // The demo data is ours: a refusal is a bug in it, said loudly with the reason.
        throw new Error(
          `demo licence ${item.sourceKey} was refused: ${outcome.error.code} ${outcome.error.localize('en')}`,
          { cause: outcome.error },
        );
      }
      if (outcome.outcome === 'issued') added.licences++;
      identifiers.set(item.sourceKey, outcome.licence.metadata.certificateIdentifier);
    }
  }

  // 7. Lifecycle events, each applied once: an event already in the licence's history is skipped.
  const operatorId = staffRows.get('operator')?.id;
  const operator: StaffPrincipal = {
    kind: 'staff',
    userId: operatorId ?? 'operator',
    username: 'operator',
    organisationCode: DEMO_DEPARTMENTS.publicSecurity.code,
    roles: ['department-operator'],
  };
  for (const [position, event] of plan.events.entries()) {
    const identifier = identifiers.get(event.sourceKey);
    if (identifier === undefined) throw new Error(`demo event on unknown licence ${event.sourceKey}`);
    const occurrence = plan.events.slice(0, position + 1).filter((other) => sameEvent(other, event)).length;
    const history = await readStatusHistory(db, identifier);
    const applied = history.filter(
      (h) =>
        h.identifier === identifier &&
        h.type === event.body.type &&
        (event.body.id === undefined || (h.event as { id?: unknown }).id === event.body.id),
    ).length;
    if (applied >= occurrence) continue;
    const principal = event.by === 'operator' ? operator : principalOf(DEMO_TYPES[event.type].issuer);
    await applyLicenceEvent(ctx, principal, identifier, event.body, { publicUrl, requestId: DEMO_REQUEST_ID });
    added.events++;
  }

  // 8. Expiry (有效期届满) is recorded by the node's clock, never posted: the same round a
  // running node makes every hour turns the permit issued past its term into `expired`.
  added.expiries = await expireLicences(ctx, { publicUrl });

  // 9. What to print: staff accounts (password + TOTP URI), clients, the library's size.
  const staff: DemoStaffAccount[] = await allSettled(
    STAFF.map(async (spec): Promise<DemoStaffAccount> => {
      const row = await db
        .selectFrom('staff_users')
        .select(['id', 'username', 'password_hash', 'totp_secret', 'organisation_code'])
        .where('username', '=', spec.username)
        .executeTakeFirstOrThrow();
      const created = staffRows.get(spec.username)?.created === true;
      const password = created
        ? demoPassword(ctx.secrets, spec.username)
        : await matchingCredential(ctx.secrets, row.password_hash, (s) => demoPassword(s, spec.username));
      return {
        username: row.username,
        roles: spec.roles,
        organisationCode: row.organisation_code,
        password,
        otpauthUri: otpauthUri('互通 Hutong', row.username, totpSecretOf(ctx, row)),
      };
    }),
  );
  const statusRows = await db
    .selectFrom('licences')
    .select(['status', (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
    .groupBy('status')
    .execute();
  const licencesByStatus: Partial<Record<LicenceStatus, number>> = {};
  for (const row of statusRows) licencesByStatus[row.status as LicenceStatus] = Number(row.n);

  return {
    anchorDate,
    staff,
    clients,
    departments: Object.keys(DEMO_DEPARTMENTS).length,
    licenceTypes: demoTypes().length,
    licencesByStatus,
    holders: demoHolderSamples(plan),
    added,
  };
}
