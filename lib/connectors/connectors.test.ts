import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, desc, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '@/db';
import { auditEvents, connectors } from '@/db/schema';
import { gatewayById, liveGateways } from '@/lib/gateways';
import { podRail } from '@/lib/rails/pod';
import { setResolverForTests } from '@/lib/net/fetch';
import { fieldErrorsOf } from '@/lib/result';
import { testDb } from '@/test/db';
import { saveEnv } from '@/test/env';
import { startFakePaystar } from '@/test/fakes/paystar';
import { startFakePaystarIvr } from '@/test/fakes/paystar-ivr';
import { startFakePod } from '@/test/fakes/pod';
import { startFakeTopup } from '@/test/fakes/topup';
import { makeAdmin, makeMerchant, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { connectorSettings, listConnectors, saveConnector, saveConnectorSchema, testConnector, type SaveConnectorInput } from './index';

// The environment's defaults, set before anything reads lib/env (it keeps what it first read).
const restoreEnv = saveEnv(
  'PAYSTAR_BASE_URL',
  'PAYSTAR_GATEWAY_ID',
  'PAYSTAR_SIGN_KEY',
  'PAYSTAR_IVR_GATEWAY_ID',
  'TOPUP_ESAJ_BASE_URL',
  'TOPUP_ESAJ_API_KEY',
  'POD_BASE_URL',
  'POD_PAY_BASE_URL',
  'POD_TOKEN',
  'POD_API_KEY',
  'POD_SANDBOX',
  'APP_ENV',
);
process.env.PAYSTAR_BASE_URL = 'https://core.paystar.example/';
process.env.PAYSTAR_GATEWAY_ID = 'env-gateway-id-7001';
process.env.PAYSTAR_SIGN_KEY = 'env-sign-key-for-tests-7002';
delete process.env.PAYSTAR_IVR_GATEWAY_ID;
// Esaj: a key in the environment but no address, so it is not configured until staff give one.
delete process.env.TOPUP_ESAJ_BASE_URL;
process.env.TOPUP_ESAJ_API_KEY = 'env-esaj-api-key-7003';
// POD: a service key in the environment, nothing else: not configured until staff give the rest.
for (const name of ['POD_BASE_URL', 'POD_PAY_BASE_URL', 'POD_TOKEN', 'POD_SANDBOX']) delete process.env[name];
process.env.POD_API_KEY = 'env-pod-service-key-7004';

const db = testDb();
const A = { gatewayId: 'gw-first-0001', signKey: 'first-sign-key-aaaa' };
const B = { gatewayId: 'gw-second-0002', signKey: 'second-sign-key-bbbb' };
let fakeA: Awaited<ReturnType<typeof startFakePaystar>>;
let fakeB: Awaited<ReturnType<typeof startFakePaystar>>;
let staff: ReturnType<typeof staffActorOf>;

const IVR_ID = 'ivr-gateway-0003';
let ivrFake: Awaited<ReturnType<typeof startFakePaystarIvr>>;
const ESAJ_KEY = 'esaj-api-key-for-tests-0004';
let esajFake: Awaited<ReturnType<typeof startFakeTopup>>;
/** POD's credentials as the form takes them (the fake's business 7867). */
const POD = { token: 'pod-business-token-0005', apiKey: 'pod-service-key-0006' };
let podFake: Awaited<ReturnType<typeof startFakePod>>;

beforeAll(async () => {
  [fakeA, fakeB, ivrFake, esajFake, podFake] = await Promise.all([
    startFakePaystar(A),
    startFakePaystar(B),
    startFakePaystarIvr({ gatewayId: IVR_ID }),
    startFakeTopup({ apiKey: ESAJ_KEY, wallet: 123_456_789n }),
    startFakePod({ sandbox: true, businesses: [{ id: 7867, ...POD }] }),
  ]);
  staff = staffActorOf(await makeAdmin(db));
});
afterAll(async () => {
  await Promise.all([fakeA.close(), fakeB.close(), ivrFake.close(), esajFake.close(), podFake.close()]);
  restoreEnv();
});
afterEach(() => {
  process.env.APP_ENV = 'test';
  setResolverForTests(null);
});

/**
 * The connectors are one row per kind for the whole deployment, and other test files pay through
 * PayStar at the same time: every test here runs in a transaction that is rolled back, so no other
 * file ever sees what it saved.
 */
class Rollback extends Error {}
function inTx(fn: (tx: Tx) => Promise<void>) {
  return async () => {
    await db
      .transaction(async (tx) => {
        await fn(tx);
        throw new Rollback();
      })
      .catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
  };
}

const paystar = (over: Partial<SaveConnectorInput> = {}): SaveConnectorInput =>
  saveConnectorSchema.parse({ id: 'paystar', enabled: true, baseUrl: fakeA.baseUrl, timeoutMs: '1500', gatewayId: '', signKey: '', ...over });
const ivr = (over: Record<string, unknown> = {}): SaveConnectorInput =>
  saveConnectorSchema.parse({ id: 'paystar-ivr', enabled: true, baseUrl: ivrFake.baseUrl, timeoutMs: '1500', gatewayId: '', ...over });
const esaj = (over: Record<string, unknown> = {}): SaveConnectorInput =>
  saveConnectorSchema.parse({ id: 'esaj', enabled: true, baseUrl: esajFake.baseUrl, timeoutMs: '1500', apiKey: '', ...over });

async function saved(tx: Tx, input: SaveConnectorInput) {
  const r = await saveConnector(tx, staff, input);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data;
}

const start = async (tx: Tx) => {
  const g = await gatewayById(tx, 'paystar');
  return g!.start({
    orderId: `T${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
    amount: 50_000n,
    callbackUrl: 'https://dargah.test/pay/callback/paystar',
  });
};

describe('connectors', () => {
  it(
    'run on the environment while nothing was saved; a kind whose gateway id is nowhere is not configured',
    inTx(async (tx) => {
      expect(await connectorSettings(tx, 'paystar')).toEqual({
        baseUrl: 'https://core.paystar.example',
        timeoutMs: 10_000,
        gatewayId: 'env-gateway-id-7001',
        signKey: 'env-sign-key-for-tests-7002',
        enabled: true,
      });
      expect(await connectorSettings(tx, 'paystar-ivr')).toBeNull();
      expect(await connectorSettings(tx, 'esaj')).toBeNull();
      expect(await connectorSettings(tx, 'pod')).toBeNull();
      expect(await podRail(tx)).toBeNull();
      expect(await gatewayById(tx, 'pod')).toBeNull();
      const views = await listConnectors(tx, staff);
      expect(views.map((v) => [v.id, v.state])).toEqual([
        ['paystar', 'env'],
        ['paystar-ivr', 'none'],
        ['esaj', 'none'],
        ['pod', 'none'],
      ]);
      expect(views[3]).toMatchObject({
        baseUrl: '',
        payBaseUrl: '',
        sandbox: false,
        secrets: [
          { field: 'token', source: null, hint: null },
          { field: 'apiKey', source: 'env', hint: '7004' },
        ],
      });
      expect(views[0]).not.toHaveProperty('payBaseUrl');
      expect(views[2]).toMatchObject({ baseUrl: '', secrets: [{ field: 'apiKey', source: 'env', hint: '7003' }] });
      expect(views[0].secrets).toEqual([
        { field: 'gatewayId', source: 'env', hint: '7001' },
        { field: 'signKey', source: 'env', hint: '7002' },
      ]);
      expect(JSON.stringify(views)).not.toContain('env-gateway-id-7001');
    }),
  );

  it(
    'keep secrets sealed at rest, show only their last four characters, and keep a secret left blank',
    inTx(async (tx) => {
      const view = await saved(tx, paystar(A));
      expect(view).toMatchObject({ state: 'page', timeoutMs: 1500, updatedBy: 'A T' });
      expect(view.secrets).toEqual([
        { field: 'gatewayId', source: 'page', hint: '0001' },
        { field: 'signKey', source: 'page', hint: 'aaaa' },
      ]);
      const raw = await tx.execute(sql`select row_to_json(c)::text as json from connectors c where id = 'paystar'`);
      const text = String((raw as unknown as { json: string }[])[0].json);
      for (const secret of Object.values(A)) expect(text).not.toContain(secret);
      expect(text).toMatch(/"secrets":"v1\./);
      // The table itself refuses a plaintext secret.
      await expect(tx.transaction((sp) => sp.execute(sql`update connectors set secrets = ${A.signKey} where id = 'paystar'`))).rejects.toThrow();

      // Blank secrets keep the saved ones; a new timeout and a new sign key alone change only those.
      await saved(tx, paystar({ timeoutMs: 2500 }));
      expect(await connectorSettings(tx, 'paystar')).toMatchObject({ ...A, timeoutMs: 2500 });
      const after = await saved(tx, paystar({ signKey: B.signKey }));
      expect(after.secrets.map((s) => s.hint)).toEqual(['0001', 'bbbb']);
      expect(await connectorSettings(tx, 'paystar')).toMatchObject({ gatewayId: A.gatewayId, signKey: B.signKey });
    }),
  );

  it(
    'take effect on the very next gatewayById: a payment starts at one fake, then at another',
    inTx(async (tx) => {
      await saved(tx, paystar(A));
      expect((await start(tx)).ok).toBe(true);
      expect(fakeA.requests.filter((q) => q.path === '/api/pardakht/create')).toHaveLength(1);

      await saved(tx, paystar({ baseUrl: fakeB.baseUrl, ...B }));
      const r = await start(tx);
      expect(r).toMatchObject({ ok: true, pageUrl: expect.stringContaining(fakeB.baseUrl) });
      expect(fakeA.requests.filter((q) => q.path === '/api/pardakht/create')).toHaveLength(1);
      expect(fakeB.requests.filter((q) => q.path === '/api/pardakht/create')).toHaveLength(1);

      // Switched off: no longer offered to payers, yet payments under way can still be verified.
      expect(await liveGateways(tx)).toContain('paystar');
      await saved(tx, paystar({ baseUrl: fakeB.baseUrl, enabled: false }));
      expect(await liveGateways(tx)).not.toContain('paystar');
      expect(await gatewayById(tx, 'paystar')).not.toBeNull();
    }),
  );

  it(
    'test the connection with what the form holds: ok, unauthenticated, not the API, unreachable',
    inTx(async (tx) => {
      const ok = await testConnector(tx, staff, paystar(A));
      expect(ok).toMatchObject({ ok: true, data: { verdict: 'ok', httpStatus: 200, gist: 'status -6: تراکنش یافت نشد' } });
      expect(fakeA.requests.at(-1)).toEqual({ path: '/api/pardakht/inquiry', body: { ref_num: 'DARGAH-CONNECTION-TEST' } });
      expect(await testConnector(tx, staff, paystar({ gatewayId: 'not-the-right-id' }))).toMatchObject({
        ok: true,
        data: { verdict: 'unauthenticated', httpStatus: 401 },
      });
      // A blank gateway id tests the saved one (here the environment's, which fake A does not know).
      expect(await testConnector(tx, staff, paystar())).toMatchObject({ ok: true, data: { verdict: 'unauthenticated' } });
      await saved(tx, paystar(A));
      expect(await testConnector(tx, staff, paystar())).toMatchObject({ ok: true, data: { verdict: 'ok' } });

      expect(await testConnector(tx, staff, ivr({ gatewayId: IVR_ID }))).toMatchObject({
        ok: true,
        data: { verdict: 'ok', gist: 'status -5: کد رهگیری نامعتبر است' },
      });
      expect(ivrFake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/ivr/get-transaction-result', query: { tracking_code: '00000000' } });
      // PayStar says so in an HTTP 200 body: status "unauthenticated".
      expect(await testConnector(tx, staff, ivr({ gatewayId: 'ivr-wrong-0000' }))).toMatchObject({
        ok: true,
        data: { verdict: 'unauthenticated', httpStatus: 200 },
      });
      // The online gateway's base URL for the IVR: an answer, but not the IVR's.
      expect(await testConnector(tx, staff, ivr({ gatewayId: A.gatewayId, baseUrl: fakeA.baseUrl }))).toMatchObject({
        ok: true,
        data: { verdict: 'unexpected', httpStatus: 404 },
      });
      const closed = http.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((r) => closed.close(r));
      expect(await testConnector(tx, staff, paystar({ ...A, baseUrl: `http://127.0.0.1:${port}` }))).toMatchObject({
        ok: true,
        data: { verdict: 'unreachable', httpStatus: null },
      });
      // Each test is in the audit trail, without the gateway id.
      const tests = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.objectType, 'connector'), eq(auditEvents.action, 'test_connector'), eq(auditEvents.actorUserId, staff.userId)));
      expect(tests.length).toBe(8);
      expect(JSON.stringify(tests.map((e) => [e.before, e.after]))).not.toContain(A.gatewayId);
    }),
  );

  it(
    'in production: only public https, checked again where the host resolves before the test call',
    inTx(async (tx) => {
      process.env.APP_ENV = 'production';
      expect(await saveConnector(tx, staff, paystar({ ...A, baseUrl: 'http://gateway.example.com' }))).toEqual({
        ok: false,
        fieldErrors: { baseUrl: 'baseUrlHttps' },
      });
      for (const baseUrl of ['https://127.0.0.1', 'https://10.0.0.1.nip.io', 'https://localhost:8443', 'https://[::1]']) {
        expect(await saveConnector(tx, staff, paystar({ ...A, baseUrl })), baseUrl).toEqual({ ok: false, fieldErrors: { baseUrl: 'baseUrlNotAllowed' } });
      }
      setResolverForTests(async () => ['127.0.0.1']);
      expect(await testConnector(tx, staff, paystar({ ...A, baseUrl: 'https://gateway.example.com' }))).toEqual({
        ok: false,
        fieldErrors: { baseUrl: 'baseUrlNotAllowed' },
      });
      expect(await tx.select().from(connectors)).toEqual([]);
    }),
  );

  it(
    'audit every save in its transaction, secrets by their last four characters only',
    inTx(async (tx) => {
      await saved(tx, paystar(A));
      await saved(tx, paystar({ baseUrl: fakeB.baseUrl, ...B }));
      const [last, first] = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.objectType, 'connector'), eq(auditEvents.objectId, 'paystar'), eq(auditEvents.action, 'save_connector')))
        .orderBy(desc(auditEvents.id))
        .limit(2);
      expect(first).toMatchObject({ actorKind: 'staff', actorUserId: staff.userId, merchantId: null, before: null });
      expect(last.before).toEqual({ enabled: true, baseUrl: fakeA.baseUrl, timeoutMs: 1500, gatewayIdEndsWith: '0001', signKeyEndsWith: 'aaaa' });
      expect(last.after).toEqual({
        enabled: true,
        baseUrl: fakeB.baseUrl,
        timeoutMs: 1500,
        gatewayIdEndsWith: '0002',
        signKeyEndsWith: 'bbbb',
        replaced: ['gatewayId', 'signKey'],
      });
      const text = JSON.stringify([first.after, last.before, last.after]);
      for (const secret of [...Object.values(A), ...Object.values(B)]) expect(text).not.toContain(secret);
    }),
  );

  it(
    'refuse bad input with field errors, and save nothing half',
    inTx(async (tx) => {
      const bad = saveConnectorSchema.safeParse({
        id: 'paystar',
        enabled: true,
        baseUrl: 'ftp://core.paystar.ir',
        timeoutMs: '50',
        gatewayId: 'short',
        signKey: 'has a space in it',
      });
      expect(bad.success).toBe(false);
      expect(fieldErrorsOf(bad.error!)).toEqual({
        baseUrl: 'baseUrlInvalid',
        timeoutMs: 'timeoutInvalid',
        gatewayId: 'secretInvalid',
        signKey: 'secretInvalid',
      });
      expect(fieldErrorsOf(saveConnectorSchema.safeParse({ ...paystar(), baseUrl: 'https://user:pw@x.example', timeoutMs: '61000' }).error!)).toEqual({
        baseUrl: 'baseUrlInvalid',
        timeoutMs: 'timeoutInvalid',
      });
      expect(fieldErrorsOf(saveConnectorSchema.safeParse({ ...paystar(), baseUrl: 'https://a.example/\u0000' }).error!)).toEqual({ baseUrl: 'controlChars' });
      // Persian digits are digits; a trailing slash is dropped.
      expect(saveConnectorSchema.parse({ ...paystar(), timeoutMs: '۵۰۰۰', baseUrl: 'https://core.paystar.ir/' })).toMatchObject({
        timeoutMs: 5000,
        baseUrl: 'https://core.paystar.ir',
      });
      // The IVR has no gateway id saved nor in the environment: refused whole, nothing written, nothing audited.
      expect(await saveConnector(tx, staff, ivr())).toEqual({ ok: false, fieldErrors: { gatewayId: 'secretRequired' } });
      expect(await testConnector(tx, staff, ivr())).toEqual({ ok: false, fieldErrors: { gatewayId: 'secretRequired' } });
      expect(await tx.select().from(connectors)).toEqual([]);
      expect(await tx.select().from(auditEvents).where(eq(auditEvents.actorUserId, staff.userId))).toEqual([]);
    }),
  );

  it(
    'Esaj: an address saved here with the environment’s key; the connection test reads the wallet with the key',
    inTx(async (tx) => {
      // The environment's key is not the fake's: the test says so, by the key's field.
      expect(await testConnector(tx, staff, esaj())).toMatchObject({ ok: true, data: { verdict: 'unauthenticated', httpStatus: 401 } });
      const ok = await testConnector(tx, staff, esaj({ apiKey: ESAJ_KEY }));
      expect(ok).toMatchObject({ ok: true, data: { verdict: 'ok', httpStatus: 200, gist: 'result_code 0: عملیات موفق' } });
      expect(esajFake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/wallet', authorization: `Bearer ${ESAJ_KEY}` });
      // JSON from something that is not Esaj's API (no result_code): unexpected, not ok.
      const other = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"balance":5}'));
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      expect(await testConnector(tx, staff, esaj({ apiKey: ESAJ_KEY, baseUrl: otherUrl }))).toMatchObject({
        ok: true,
        data: { verdict: 'unexpected', httpStatus: 200 },
      });
      await new Promise((r) => other.close(r));

      const view = await saved(tx, esaj({ apiKey: ESAJ_KEY }));
      expect(view).toMatchObject({ id: 'esaj', state: 'page', baseUrl: esajFake.baseUrl, secrets: [{ field: 'apiKey', source: 'page', hint: '0004' }] });
      expect(await connectorSettings(tx, 'esaj')).toEqual({ baseUrl: esajFake.baseUrl, timeoutMs: 1500, apiKey: ESAJ_KEY, enabled: true });
      // Blank keeps the saved key; off is kept as off.
      await saved(tx, esaj({ enabled: false }));
      expect(await connectorSettings(tx, 'esaj')).toMatchObject({ apiKey: ESAJ_KEY, enabled: false });
      const raw = await tx.execute(sql`select row_to_json(c)::text as json from connectors c where id = 'esaj'`);
      expect(String((raw as unknown as { json: string }[])[0].json)).not.toContain(ESAJ_KEY);
      // Bad input by its field.
      expect(fieldErrorsOf(saveConnectorSchema.safeParse({ ...esaj(), apiKey: 'short' }).error!)).toEqual({ apiKey: 'secretInvalid' });
    }),
  );

  it(
    'POD: addresses, sandbox switch and both secrets saved and read back; the test lists one invoice; the rail and the gateway run on it',
    inTx(async (tx) => {
      const pod = (over: Record<string, unknown> = {}): SaveConnectorInput =>
        saveConnectorSchema.parse({
          id: 'pod',
          enabled: true,
          baseUrl: `${podFake.baseUrl}/`,
          payBaseUrl: podFake.payBaseUrl,
          sandbox: true,
          timeoutMs: '1500',
          token: '',
          apiKey: '',
          ...over,
        });
      // The token is nowhere yet: refused by its field.
      expect(await saveConnector(tx, staff, pod())).toEqual({ ok: false, fieldErrors: { token: 'secretRequired' } });
      expect(await testConnector(tx, staff, pod())).toEqual({ ok: false, fieldErrors: { token: 'secretRequired' } });

      // The connection test: a getInvoiceList of size 1 with the sandbox id, the token as _token_.
      const ok = await testConnector(tx, staff, pod(POD));
      expect(ok).toMatchObject({ ok: true, data: { verdict: 'ok', httpStatus: 200, gist: 'hasError false' } });
      expect(podFake.calls.at(-1)).toMatchObject({
        operation: 'getInvoiceList',
        token: POD.token,
        tokenIssuer: '1',
        form: { scProductId: '39308', scApiKey: POD.apiKey, offset: '0', size: '1' },
      });
      // Wrong token (21), wrong key (4: permission denied): unauthenticated. Production ids at the sandbox: unexpected.
      expect(await testConnector(tx, staff, pod({ ...POD, token: 'pod-wrong-token-0000' }))).toMatchObject({ ok: true, data: { verdict: 'unauthenticated' } });
      expect(await testConnector(tx, staff, pod({ token: POD.token }))).toMatchObject({
        ok: true,
        data: { verdict: 'unauthenticated', gist: expect.stringContaining('errorCode 4') },
      });
      expect(await testConnector(tx, staff, pod({ ...POD, sandbox: false }))).toMatchObject({ ok: true, data: { verdict: 'unexpected' } });
      // The payment pages' host for the platform's: an answer, but not POD's API.
      expect(await testConnector(tx, staff, pod({ ...POD, baseUrl: podFake.payBaseUrl }))).toMatchObject({
        ok: true,
        data: { verdict: 'unexpected', httpStatus: 404 },
      });

      const view = await saved(tx, pod(POD));
      expect(view).toMatchObject({
        id: 'pod',
        state: 'page',
        baseUrl: podFake.baseUrl,
        payBaseUrl: podFake.payBaseUrl,
        sandbox: true,
        timeoutMs: 1500,
        secrets: [
          { field: 'token', source: 'page', hint: '0005' },
          { field: 'apiKey', source: 'page', hint: '0006' },
        ],
      });
      expect(await connectorSettings(tx, 'pod')).toEqual({
        baseUrl: podFake.baseUrl,
        payBaseUrl: podFake.payBaseUrl,
        sandbox: true,
        timeoutMs: 1500,
        token: POD.token,
        apiKey: POD.apiKey,
        enabled: true,
      });
      const raw = await tx.execute(sql`select row_to_json(c)::text as json from connectors c where id = 'pod'`);
      const text = String((raw as unknown as { json: string }[])[0].json);
      for (const secret of Object.values(POD)) expect(text).not.toContain(secret);
      const [audit] = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.objectId, 'pod'), eq(auditEvents.action, 'save_connector')))
        .orderBy(desc(auditEvents.id))
        .limit(1);
      expect(audit.after).toEqual({
        enabled: true,
        baseUrl: podFake.baseUrl,
        payBaseUrl: podFake.payBaseUrl,
        sandbox: true,
        timeoutMs: 1500,
        // The audit trail masks any field named like a token or key, hints included.
        tokenEndsWith: '***',
        apiKeyEndsWith: '***',
        replaced: ['token', 'apiKey'],
      });

      // The rail and the gateway run on what was saved, at once.
      const rail = await podRail(tx);
      expect(rail).toMatchObject({ sandbox: true, enabled: true });
      expect(await rail!.getInvoiceList({ id: 1 })).toMatchObject({ ok: true, result: [] });
      expect(podFake.calls.at(-1)!.form.scProductId).toBe('39308');
      expect((await gatewayById(tx, 'pod'))?.id).toBe('pod');

      // Blank secrets keep the saved ones; switched off and back to production ids, it still runs (invoices under way).
      await saved(tx, pod({ enabled: false, sandbox: false }));
      expect(await connectorSettings(tx, 'pod')).toMatchObject({ token: POD.token, apiKey: POD.apiKey, sandbox: false, enabled: false });
      expect(await podRail(tx)).toMatchObject({ sandbox: false, enabled: false });
      expect(await gatewayById(tx, 'pod')).not.toBeNull();
      expect((await listConnectors(tx, staff)).find((v) => v.id === 'pod')).toMatchObject({ sandbox: false, enabled: false });

      // Bad input by its field; in production both addresses must be public https.
      expect(fieldErrorsOf(saveConnectorSchema.safeParse({ ...pod(), payBaseUrl: 'ftp://pay.pod.ir', token: 'short' }).error!)).toEqual({
        payBaseUrl: 'baseUrlInvalid',
        token: 'secretInvalid',
      });
      process.env.APP_ENV = 'production';
      expect(await saveConnector(tx, staff, pod({ ...POD, baseUrl: 'https://api.pod.ir/srv/sc', payBaseUrl: 'http://pay.pod.ir' }))).toEqual({
        ok: false,
        fieldErrors: { payBaseUrl: 'baseUrlHttps' },
      });
      expect(await saveConnector(tx, staff, pod({ ...POD, baseUrl: 'https://10.0.0.5/srv/sc', payBaseUrl: 'https://pay.pod.ir' }))).toEqual({
        ok: false,
        fieldErrors: { baseUrl: 'baseUrlNotAllowed' },
      });
      // What was saved here (a fake on 127.0.0.1) is not called from production.
      expect(await podRail(tx)).toBeNull();
    }),
  );

  it(
    'are staff only: a merchant actor is refused',
    inTx(async (tx) => {
      const merchant = merchantActorOf(await makeMerchant(db));
      await expect(saveConnector(tx, merchant as never, paystar(A))).rejects.toThrow('staff only');
      await expect(testConnector(tx, merchant as never, paystar(A))).rejects.toThrow('staff only');
      await expect(listConnectors(tx, merchant as never)).rejects.toThrow('staff only');
      expect(await tx.select().from(connectors)).toEqual([]);
    }),
  );
});
