/**
 * The reconciliation screens' server actions, called as the browser calls them, with a session
 * mocked per test: each re-checks who is asking, refuses another merchant's definition or finding
 * as not found, and hands bad input back on its fields.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { vposReconItems } from '@/db/schema';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as null | { id: string; role: string } }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const { testDb } = await import('@/test/db');
const { makeAdmin, makeMerchant } = await import('@/test/fixtures');
const { makeVposMerchant, startVposFake } = await import('@/lib/vpos/fixtures');
const { clientOfDefinition, definitionById } = await import('@/lib/vpos/definitions');
const { FAKE_NKOLAY_CARDS } = await import('@/test/fakes/nkolay');
const { runReconciliationAction, resolveReconItemAction } = await import('./actions');

const db = testDb();
h.db = db;
let fake: Awaited<ReturnType<typeof startVposFake>>;
let A: Awaited<ReturnType<typeof makeVposMerchant>>;
let B: Awaited<ReturnType<typeof makeVposMerchant>>;
const DAY = '2026-06-01';

beforeAll(async () => {
  fake = await startVposFake();
  [A, B] = [await makeVposMerchant(db, { use3d: false }), await makeVposMerchant(db, { use3d: false })];
  vi.spyOn(console, 'error').mockImplementation(() => {});
  fake.clock.set(new Date(`${DAY}T09:00:00Z`));
  const d = (await definitionById(db, B.definitionId))!;
  const paid = await clientOfDefinition(d).pay({
    clientRefCode: 'ACT-1',
    amount: 12_345n,
    successUrl: 'https://anadolu.example/ok',
    failUrl: 'https://anadolu.example/fail',
    card: { number: FAKE_NKOLAY_CARDS.approved, month: 12, year: 2030, cvv: '123' },
    use3D: false,
  });
  expect(paid.kind).toBe('ok');
});
afterAll(async () => {
  await fake.stop();
});

const as = (u: { id: string; role: string } | null) => {
  h.user = u;
};

describe('reconciliation actions', () => {
  it('run a day: own definition only; bad and future days on the field; staff and signed-out refused', async () => {
    as({ id: A.merchant.id, role: 'merchant' });
    expect(await runReconciliationAction({ definitionId: B.definitionId, day: DAY })).toEqual({ ok: false, error: 'notFound' });
    expect(await runReconciliationAction({ definitionId: A.definitionId, day: '1 June' })).toEqual({ ok: false, fieldErrors: { day: 'vposDay' } });
    expect(await runReconciliationAction({ definitionId: A.definitionId, day: '2999-01-01' })).toEqual({ ok: false, fieldErrors: { day: 'vposDayFuture' } });
    expect(await runReconciliationAction({ definitionId: A.definitionId, day: DAY })).toMatchObject({ ok: true, data: { runId: expect.any(String) } });
    as({ id: (await makeAdmin(db)).id, role: 'admin' });
    expect((await runReconciliationAction({ definitionId: A.definitionId, day: DAY })).ok).toBe(false);
    as({ id: (await makeMerchant(db)).id, role: 'merchant' });
    expect(await runReconciliationAction({ definitionId: A.definitionId, day: DAY })).toEqual({ ok: false, error: 'kycRequired' });
    as(null);
    expect((await runReconciliationAction({ definitionId: A.definitionId, day: DAY }).catch(() => ({ ok: false }))).ok).toBe(false);
  });

  it('resolve: another merchant’s finding is not found; the owner enters it; a short reason stays on its field', async () => {
    as({ id: B.merchant.id, role: 'merchant' });
    const run = await runReconciliationAction({ definitionId: B.definitionId, day: DAY });
    if (!run.ok) throw new Error(JSON.stringify(run));
    const [item] = await db.select().from(vposReconItems).where(eq(vposReconItems.runId, run.data!.runId));
    expect(item).toMatchObject({ kind: 'bank_only', clientRefCode: 'ACT-1' });
    const itemId = item.id.toString();
    as({ id: A.merchant.id, role: 'merchant' });
    expect(await resolveReconItemAction({ itemId, how: 'enter', reason: 'Not mine at all' })).toEqual({ ok: false, error: 'notFound' });
    as({ id: B.merchant.id, role: 'merchant' });
    expect(await resolveReconItemAction({ itemId, how: 'enter', reason: 'x' })).toEqual({ ok: false, fieldErrors: { reason: 'required' } });
    expect(await resolveReconItemAction({ itemId: 'abc', how: 'note', reason: 'Checked' })).toEqual({ ok: false, fieldErrors: { itemId: 'notFound' } });
    expect(await resolveReconItemAction({ itemId, how: 'enter', reason: 'Sold at the counter' })).toEqual({ ok: true });
    const [done] = await db.select().from(vposReconItems).where(eq(vposReconItems.id, item.id));
    expect(done).toMatchObject({ resolvedBy: B.merchant.id, resolution: 'Sold at the counter', paymentId: expect.any(String) });
  });
});
