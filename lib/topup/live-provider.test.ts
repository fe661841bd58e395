import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '@/db';
import { saveConnector, saveConnectorSchema } from '@/lib/connectors';
import { testDb } from '@/test/db';
import { startFakeTopup } from '@/test/fakes/topup';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { setTopupProviderForTests, topupProvider } from '.';
import { sandboxProvider } from './sandbox';
import { providerWallet } from './store';

/**
 * Which provider live top-ups go to: the Esaj connector staff set on /admin/connectors while it is
 * configured and on, else the sandbox (outside production). The connector is one row for the whole
 * deployment and other files sell top-ups at the same time, so each test runs in a rolled-back
 * transaction.
 */
const db = testDb();
const KEY = 'esaj-live-provider-key-0042';
let fake: Awaited<ReturnType<typeof startFakeTopup>>;
let staff: ReturnType<typeof staffActorOf>;

beforeAll(async () => {
  fake = await startFakeTopup({ apiKey: KEY, wallet: 40_000_000n });
  staff = staffActorOf(await makeAdmin(db));
});
afterAll(() => fake.close());
afterEach(() => setTopupProviderForTests(null));

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

const esaj = (over: Record<string, unknown> = {}) =>
  saveConnectorSchema.parse({ id: 'esaj', enabled: true, baseUrl: fake.baseUrl, timeoutMs: '2000', apiKey: KEY, ...over });

describe('the live top-up provider', () => {
  it(
    'is the sandbox (outside production) until the Esaj connector is configured; test top-ups always are',
    inTx(async (tx) => {
      expect((await topupProvider(tx, true))?.id).toBe('sandbox');
      expect((await topupProvider(tx, false))?.id).toBe('sandbox');
      expect(await topupProvider(tx, true, 'esaj')).toBeNull();
    }),
  );

  it(
    'is Esaj once staff save it: its wallet through the connector, the key proven; test top-ups stay on the sandbox',
    inTx(async (tx) => {
      expect((await saveConnector(tx, staff, esaj())).ok).toBe(true);
      const live = await topupProvider(tx, true);
      expect(live?.id).toBe('esaj');
      expect(await live!.wallet()).toMatchObject({ ok: true, balance: 40_000_000n });
      expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/wallet', authorization: `Bearer ${KEY}` });
      expect((await topupProvider(tx, false))?.id).toBe('sandbox');
      // Staff's wallet card: below the 50 000 000 line by default.
      expect(await providerWallet(tx as never, staff)).toEqual({ provider: 'esaj', balance: 40_000_000n, low: true, reason: null });
      expect(await providerWallet(tx as never, staff, 10_000_000n)).toMatchObject({ low: false });
      // An order made on the sandbox before is still asked about there.
      expect((await topupProvider(tx, true, 'sandbox'))?.id).toBe('sandbox');
    }),
  );

  it(
    'switched off: new top-ups leave it, orders already sent to it are still asked about through it',
    inTx(async (tx) => {
      await saveConnector(tx, staff, esaj({ enabled: false }));
      expect((await topupProvider(tx, true))?.id).toBe('sandbox');
      expect((await topupProvider(tx, true, 'esaj'))?.id).toBe('esaj');
    }),
  );

  it(
    'a wrong key shows in the wallet call, not as a balance',
    inTx(async (tx) => {
      await saveConnector(tx, staff, esaj({ apiKey: 'not-the-right-key' }));
      expect(await providerWallet(tx as never, staff)).toMatchObject({ provider: 'esaj', balance: null, low: false });
    }),
  );

  it(
    'a provider set for tests comes before the connector',
    inTx(async (tx) => {
      await saveConnector(tx, staff, esaj());
      const p = { ...sandboxProvider(), id: 'esaj' as const };
      setTopupProviderForTests(p);
      expect(await topupProvider(tx, true)).toBe(p);
    }),
  );
});
