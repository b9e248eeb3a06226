import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/build-app.js';
import { auditInClear } from '../audit/test-support/audit-in-clear.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { TEST_DATABASES } from '../test-support/databases.js';
import { createTestClient, createTestStaff, signInHolder } from '../test-support/principals.js';
import { MAX_CHALLENGES } from './sign-in-with-code.js';
import {
  CITIZEN_ID,
  type HolderNode,
  ORG_CODE,
  OTHER_CITIZEN_ID,
  OTHER_ORG_CODE,
  startHolderNode,
} from './test-support/holder-node.js';

const HOOK_TIMEOUT = 120_000;
const START = '/api/v1/holder/sign-in/start';
const VERIFY = '/api/v1/holder/sign-in/verify';
/** Valid citizen IDs (GB 11643 check characters) used only by the throttling and expiry tests. */
const THROTTLED_ID = '650102199001011220';
const EXPIRY_ID = '650102199001011247';

describe.each(TEST_DATABASES)('holder sign-in over HTTP on $dialect', ({ create }) => {
  let node: HolderNode;
  let clock = new Date('2026-11-29T04:00:00.000Z');

  beforeAll(async () => {
    node = await startHolderNode(create, { now: () => clock });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node?.close();
  }, HOOK_TIMEOUT);

  const start = (holderCode: string, holderCodeType = '111') =>
    node.app.inject({
      method: 'POST',
      url: START,
      headers: { 'accept-language': 'en' },
      payload: { holderCodeType, holderCode },
    });
  const codeOf = async (challengeId: string): Promise<string> => {
    const mailbox = await node.app.inject({ url: `/api/v1/dev/mailbox?challengeId=${challengeId}` });
    return mailbox.json().messages[0].code;
  };
  const countChallenges = async () =>
    Number(
      (
        await node.t.store.db
          .selectFrom('holder_sign_in_challenges')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('signs a holder in with a one-time code from the dev mailbox and sets an HttpOnly, SameSite cookie', async () => {
    const started = await start(CITIZEN_ID);
    expect(started.statusCode).toBe(201);
    const { challengeId, delivery } = started.json();
    expect(delivery).toBe('dev-mailbox');
    const mailbox = await node.app.inject({ url: `/api/v1/dev/mailbox?challengeId=${challengeId}` });
    expect(mailbox.statusCode).toBe(200);
    expect(mailbox.headers['cache-control']).toBe('no-store');
    const [message] = mailbox.json().messages;
    expect(message.code).toMatch(/^[0-9]{6}$/);
    expect(message.to).toBe(`${CITIZEN_ID.slice(0, 4)}${'*'.repeat(10)}${CITIZEN_ID.slice(-4)}`);
    // Hashed at rest: the code is nowhere in the challenge row.
    const row = await node.t.store.db
      .selectFrom('holder_sign_in_challenges')
      .selectAll()
      .where('id', '=', challengeId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(message.code);

    const verified = await node.app.inject({
      method: 'POST',
      url: VERIFY,
      payload: { challengeId, code: message.code },
    });
    expect(verified.statusCode).toBe(201);
    const cookies = verified.headers['set-cookie'] as string[];
    const session = cookies.find((c) => c.startsWith('hutong-holder-session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(cookies.find((c) => c.startsWith('hutong-holder-csrf='))).not.toMatch(/HttpOnly/);
    const me = verified.json();
    expect(me).toMatchObject({ holderCodeType: '111', holderCode: CITIZEN_ID, holderKind: 'person', provider: 'dev' });
    // The development provider knows only the code: the name is the one on the holder's licences here.
    expect(me.person).toMatchObject({ holderCodeType: '111', holderCode: CITIZEN_ID, name: '张三' });

    const cookie = (session ?? '').split(';')[0] ?? '';
    const again = await node.app.inject({ url: '/api/v1/holder/me', headers: { cookie } });
    expect(again.statusCode).toBe(200);
    expect(again.json().csrfToken).toBe(me.csrfToken);
    expect(again.json().person.name).toBe('张三');
  });

  it('marks the cookies Secure with the __Host- prefix for any host but plain-http loopback', async () => {
    const started = await start(OTHER_CITIZEN_ID);
    const { challengeId } = started.json();
    const verified = await node.app.inject({
      method: 'POST',
      url: VERIFY,
      headers: { host: 'licences.example.gov.cn' },
      payload: { challengeId, code: await codeOf(challengeId) },
    });
    expect(verified.statusCode).toBe(201);
    const cookies = verified.headers['set-cookie'] as string[];
    expect(cookies.every((c) => c.startsWith('__Host-hutong-holder-') && /; Secure/.test(c))).toBe(true);
  });

  it('refuses a bad holder code with the field at fault, and writes nothing', async () => {
    const before = await countChallenges();
    const response = await start('11010519491231002Y');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.json().field).toBe('holderCode');
    expect(await countChallenges()).toBe(before);
    const unknownType = await start(CITIZEN_ID, '112');
    expect(unknownType.json().field).toBe('holderCodeType');
  });

  it('spends a code once', async () => {
    const { challengeId } = (await start(CITIZEN_ID)).json();
    const code = await codeOf(challengeId);
    expect((await node.app.inject({ method: 'POST', url: VERIFY, payload: { challengeId, code } })).statusCode).toBe(
      201,
    );
    const replay = await node.app.inject({
      method: 'POST',
      url: VERIFY,
      headers: { 'accept-language': 'zh-CN' },
      payload: { challengeId, code },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('ERR_HOLDER_SIGN_IN_FAILED');
    expect(replay.json().detail).toContain('验证码');
  });

  it('kills a challenge after five wrong codes, even for the right one after', async () => {
    const { challengeId } = (await start(CITIZEN_ID)).json();
    const code = await codeOf(challengeId);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i += 1) {
      const response = await node.app.inject({ method: 'POST', url: VERIFY, payload: { challengeId, code: wrong } });
      expect(response.statusCode).toBe(401);
    }
    const right = await node.app.inject({ method: 'POST', url: VERIFY, payload: { challengeId, code } });
    expect(right.statusCode).toBe(401);
    expect(right.json().code).toBe('ERR_HOLDER_SIGN_IN_FAILED');
  });

  it('lets a code expire after five minutes, and an idle session after thirty', async () => {
    const { challengeId } = (await start(EXPIRY_ID)).json();
    const code = await codeOf(challengeId);
    clock = new Date(clock.getTime() + 301_000);
    const late = await node.app.inject({ method: 'POST', url: VERIFY, payload: { challengeId, code } });
    expect(late.statusCode).toBe(401);

    const holder = await signInHolder(node.app, { holderCodeType: '111', holderCode: EXPIRY_ID });
    clock = new Date(clock.getTime() + 31 * 60_000);
    const idle = await node.app.inject({ url: '/api/v1/holder/me', headers: { cookie: holder.cookie } });
    expect(idle.statusCode).toBe(401);
    expect(idle.json().code).toBe('ERR_AUTH_SESSION_INVALID');
  });

  it(`allows ${MAX_CHALLENGES} codes per holder in fifteen minutes, then says when to retry`, async () => {
    for (let i = 0; i < MAX_CHALLENGES; i += 1) expect((await start(THROTTLED_ID)).statusCode).toBe(201);
    const refused = await start(THROTTLED_ID);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('ERR_HOLDER_SIGN_IN_THROTTLED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    clock = new Date(clock.getTime() + 15 * 60_000 + 1000);
    expect((await start(THROTTLED_ID)).statusCode).toBe(201);
  });

  it('needs the session’s CSRF token to sign out, and a signed-out session is gone', async () => {
    const holder = await signInHolder(node.app, { holderCodeType: '111', holderCode: CITIZEN_ID });
    const noToken = await node.app.inject({
      method: 'DELETE',
      url: '/api/v1/holder/session',
      headers: { cookie: holder.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('ERR_AUTH_CSRF');
    const otherToken = await signInHolder(node.app, { holderCodeType: '111', holderCode: OTHER_CITIZEN_ID });
    const wrongToken = await node.app.inject({
      method: 'DELETE',
      url: '/api/v1/holder/session',
      headers: { cookie: holder.cookie, 'x-csrf-token': otherToken.csrfToken },
    });
    expect(wrongToken.statusCode).toBe(403);
    const out = await node.app.inject({ method: 'DELETE', url: '/api/v1/holder/session', headers: holder.headers });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await node.app.inject({ url: '/api/v1/holder/me', headers: { cookie: holder.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('refuses /holder/me to anonymous callers, clients and staff', async () => {
    expect((await node.app.inject({ url: '/api/v1/holder/me' })).statusCode).toBe(401);
    // A fresh token: the test clock has moved past the node's first tokens.
    const reader = await createTestClient(node.ctx, { scopes: ['licence:read'], kind: 'relying-party' });
    const client = await node.app.inject({
      url: '/api/v1/holder/me',
      headers: { authorization: reader.authorization },
    });
    expect(client.statusCode).toBe(403);
    const staff = await createTestStaff(node.ctx, { roles: ['platform-admin'] });
    expect((await node.app.inject({ url: '/api/v1/holder/me', headers: { cookie: staff.cookie } })).statusCode).toBe(
      403,
    );
  });

  it('keeps a staff session and a holder session apart in one browser', async () => {
    const staff = await createTestStaff(node.ctx, { roles: ['platform-admin'] });
    const holder = await signInHolder(node.app, { holderCodeType: '111', holderCode: CITIZEN_ID });
    const cookie = `${staff.cookie}; ${holder.cookie}`;
    const me = await node.app.inject({ url: '/api/v1/holder/me', headers: { cookie } });
    expect(me.json().holderCode).toBe(CITIZEN_ID);
    const session = await node.app.inject({ url: '/api/v1/session', headers: { cookie } });
    expect(session.json().username).toBe(staff.username);
    // The holder's CSRF token does not stand in for the staff session's.
    const clients = await node.app.inject({
      method: 'POST',
      url: '/api/v1/staff',
      headers: { cookie, 'x-csrf-token': holder.csrfToken },
      payload: {},
    });
    expect(clients.statusCode).toBe(403);
    expect(clients.json().code).toBe('ERR_AUTH_CSRF');
  });

  it('lets a person act for the organisation they represent, and only that one', async () => {
    const holder = await signInHolder(node.app, { holderCodeType: '111', holderCode: CITIZEN_ID });
    const act = (holderCode: string, holderCodeType = '001') =>
      node.app.inject({
        method: 'PUT',
        url: '/api/v1/holder/acting-for',
        headers: { ...holder.headers, 'accept-language': 'en' },
        payload: { holderCodeType, holderCode },
      });
    const refused = await act(OTHER_ORG_CODE);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ERR_HOLDER_ACT_FOR_FORBIDDEN', field: 'holderCode' });
    expect((await act(OTHER_CITIZEN_ID, '111')).json().code).toBe('ERR_HOLDER_ACT_FOR_TYPE');
    const acting = await act(ORG_CODE);
    expect(acting.statusCode).toBe(200);
    expect(acting.json()).toMatchObject({
      holderCodeType: '001',
      holderCode: ORG_CODE,
      holderKind: 'organisation',
      representative: { holderCodeType: '111', holderCode: CITIZEN_ID },
      person: { name: '张三' },
    });
    const me = await node.app.inject({ url: '/api/v1/holder/me', headers: { cookie: holder.cookie } });
    expect(me.json().holderCode).toBe(ORG_CODE);
    const back = await node.app.inject({ method: 'DELETE', url: '/api/v1/holder/acting-for', headers: holder.headers });
    expect(back.json()).toMatchObject({ holderCodeType: '111', holderCode: CITIZEN_ID });
    expect(back.json().representative).toBeUndefined();
  });

  it('records sign-ins without the holder code in clear, in an intact audit chain', async () => {
    const rows = await node.t.store.db
      .selectFrom('audit_records')
      .selectAll()
      .where('action', 'like', 'holder.%')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['holder.signed-in', 'holder.signed-out', 'holder.acting-for', 'holder.acting-as-self']),
    );
    expect(JSON.stringify(auditInClear(rows))).not.toContain(CITIZEN_ID);
    expect((await verifyAuditChain(node.t.store.db)).ok).toBe(true);
  });
});

describe('a node without the development provider', () => {
  it('answers 404 to the code sign-in and the mailbox', async () => {
    const { createTestSqliteDatabase } = await import('../test-support/databases.js');
    const { openStore } = await import('../store/store.js');
    const { migrateToLatest } = await import('../store/migrate.js');
    const database = await createTestSqliteDatabase();
    const store = await openStore(database.location);
    try {
      await migrateToLatest(store.db);
      const app = await buildApp({ store, nodeId: 'n', webRoot: '/nonexistent' });
      try {
        const started = await app.inject({
          method: 'POST',
          url: START,
          payload: { holderCodeType: '111', holderCode: CITIZEN_ID },
        });
        expect(started.statusCode).toBe(404);
        expect(started.json().code).toBe('ERR_HOLDER_PROVIDER_DISABLED');
        expect((await app.inject({ url: '/api/v1/dev/mailbox' })).statusCode).toBe(404);
      } finally {
        await app.close();
      }
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
