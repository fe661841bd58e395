/**
 * The action wrapper's `stepUp` option: a sensitive action refuses a person whose last authenticator
 * code is older than 15 minutes with `twoFactorStale` (the form's cue for the code prompt) before
 * its body runs; a fresh code, no 2FA at all, or a call the predicate calls harmless goes through.
 * The role and the input are judged first. And the app's sensitive actions carry it: withdraw, a new
 * bank account, a live key (made or rolled), staff approvals — each refused stale, none by hand.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { generateSync } from 'otplib';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Db } from '@/db';
import { apiKeys, twoFactor } from '@/db/schema';
import { actingAs, type SessionUser } from '@/test/actions';

const h = vi.hoisted(() => ({ db: undefined as Db | undefined, user: null as SessionUser, chosenMerchant: null as string | null }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));

const { testDb } = await import('@/test/db');
const { makeAdmin, makeMerchant, makePlatform, merchantActorOf } = await import('@/test/fixtures');
const { action } = await import('./action');
const { isLiveKeyOf } = await import('./step-up');
const { confirmEnrolment, pendingEnrolment } = await import('@/lib/auth/two-factor');
const { createApiKey } = await import('@/lib/api-keys');

const db = testDb();
h.db = db;
const as = actingAs(h);

/** Enrols `user` with a code at `at` (their last verification then). */
async function enrolAt(user: { id: string; role: 'merchant' | 'admin'; mobile: string; email: string | null }, at: Date) {
  const p = await pendingEnrolment(db, user);
  if (!p.ok) throw new Error(p.error);
  const code = generateSync({ secret: p.data.secret, epoch: Math.floor(at.getTime() / 1000), period: 30, digits: 6 });
  const r = await confirmEnrolment(db, user, { code, sid: null, now: at });
  if (!r.ok) throw new Error(JSON.stringify(r));
}
const STALE = () => new Date(Date.now() - 16 * 60_000);
const setLastVerified = (userId: string, at: Date) => db.update(twoFactor).set({ lastVerifiedAt: at }).where(eq(twoFactor.userId, userId));

const schema = z.object({ amount: z.number({ error: 'amountInvalid' }), approve: z.boolean().default(true) });
let ran = 0;
const body = async () => {
  ran++;
  return { ok: true as const, data: 'done' };
};
const always = action({ who: 'merchant', schema, stepUp: true }, body);
const onApprove = action({ who: 'merchant', schema, stepUp: (input) => input.approve }, body);
const seen: unknown[] = [];
const inspecting = action(
  {
    who: 'merchant',
    schema,
    stepUp: (input, actor) => {
      seen.push({ input, actor: actor.userId });
      return true;
    },
  },
  body,
);
const withoutStepUp = action({ who: 'merchant', schema }, body);
const staffAlways = action({ who: 'staff', area: 'payouts', schema, stepUp: true }, body);
const needsPayouts = action({ who: 'merchant', need: 'payouts', schema, stepUp: true }, body);

describe('action({ stepUp })', () => {
  it('refuses a stale code with twoFactorStale before the body runs, and passes a fresh one', async () => {
    const m = await makeMerchant(db);
    await enrolAt(m, STALE());
    as({ id: m.id, role: 'merchant' });
    ran = 0;
    expect(await always({ amount: 1 })).toEqual({ ok: false, error: 'twoFactorStale' });
    expect(ran).toBe(0);
    // Without the option the same person is not asked.
    expect(await withoutStepUp({ amount: 1 })).toEqual({ ok: true, data: 'done' });
    expect(ran).toBe(1);
    // A code 14 minutes ago is fresh enough.
    await setLastVerified(m.id, new Date(Date.now() - 14 * 60_000));
    expect(await always({ amount: 1 })).toEqual({ ok: true, data: 'done' });
    expect(ran).toBe(2);
  });

  it('asks nothing of a person without 2FA (where it is not required there is nothing to ask)', async () => {
    const m = await makeMerchant(db);
    as({ id: m.id, role: 'merchant' });
    expect(await always({ amount: 1 })).toEqual({ ok: true, data: 'done' });
  });

  it('a predicate decides per call, from the parsed input and the actor', async () => {
    const m = await makeMerchant(db);
    await enrolAt(m, STALE());
    as({ id: m.id, role: 'merchant' });
    expect(await onApprove({ amount: 1, approve: true })).toEqual({ ok: false, error: 'twoFactorStale' });
    expect(await onApprove({ amount: 1, approve: false })).toEqual({ ok: true, data: 'done' });
    // The schema's default is applied before the predicate reads it.
    expect(await onApprove({ amount: 1 })).toEqual({ ok: false, error: 'twoFactorStale' });
    seen.length = 0;
    await inspecting({ amount: 7 });
    expect(seen).toEqual([{ input: { amount: 7, approve: true }, actor: m.id }]);
  });

  it('judges the role and the input first: a refused role or bad input never reaches the prompt', async () => {
    const m = await makeMerchant(db);
    await enrolAt(m, STALE());
    as({ id: m.id, role: 'merchant' });
    expect(await always({ amount: 'x' as never })).toEqual({ ok: false, fieldErrors: { amount: 'amountInvalid' } });
    // A support member of another business may not move money: refused as such, not asked for a code.
    const owner = await makeMerchant(db);
    const { merchantMembers } = await import('@/db/schema');
    await db.insert(merchantMembers).values({ merchantId: owner.id, userId: m.id, role: 'support', invitedBy: owner.id });
    h.chosenMerchant = owner.id;
    try {
      expect(await needsPayouts({ amount: 1 })).toEqual({ ok: false, error: 'roleForbidden' });
    } finally {
      h.chosenMerchant = null;
    }
    // Signed out: the login (the mocked guard's redirect is a plain throw here, answered as `unknown`), never the prompt.
    as(null);
    ran = 0;
    expect(await always({ amount: 1 })).toEqual({ ok: false, error: 'unknown' });
    expect(ran).toBe(0);
  });

  it('asks staff too', async () => {
    const s = await makeAdmin(db, ['finance']);
    await enrolAt(s, STALE());
    as({ id: s.id, role: 'admin' });
    expect(await staffAlways({ amount: 1 })).toEqual({ ok: false, error: 'twoFactorStale' });
    await setLastVerified(s.id, new Date());
    expect(await staffAlways({ amount: 1 })).toEqual({ ok: true, data: 'done' });
  });
});

describe('isLiveKeyOf', () => {
  it('is true only for a live key of the actor’s own business', async () => {
    const { merchant, platform } = await makePlatform(db);
    const live = await createApiKey(db, platform.id, 'live');
    const [test] = await db.select().from(apiKeys).where(eq(apiKeys.platformId, platform.id));
    const mine = merchantActorOf(merchant);
    expect(await isLiveKeyOf(db, mine, live.record.id)).toBe(true);
    expect(await isLiveKeyOf(db, mine, test.environment === 'test' ? test.id : crypto.randomUUID())).toBe(false);
    expect(await isLiveKeyOf(db, merchantActorOf(await makeMerchant(db)), live.record.id)).toBe(false);
    expect(await isLiveKeyOf(db, mine, 'not-a-uuid')).toBe(false);
  });
});

describe('the sensitive actions carry stepUp, and none asks by hand', () => {
  const SENSITIVE: Record<string, string[]> = {
    'app/(portal)/payouts/actions.ts': ['addBankAccountAction', 'requestPayoutAction'],
    'app/(portal)/services/actions.ts': ['issueLiveKeyAction', 'rollKeyAction'],
    'app/(portal)/split/actions.ts': ['withdrawForSubBusinessAction'],
    'app/admin/kyc/actions.ts': ['decideKycAction'],
    'app/admin/payouts/actions.ts': ['decidePayoutAction', 'decideBankAccountAction', 'approveBatchAction'],
    'app/admin/services/actions.ts': ['decideFeeChangeAction'],
    'app/admin/payments/actions.ts': ['staffDecideSlipAction'],
  };
  it('names stepUp in each one’s options', () => {
    for (const [file, names] of Object.entries(SENSITIVE)) {
      const src = readFileSync(file, 'utf8');
      expect(src, file).not.toContain('requireFreshTwoFactor');
      for (const name of names) {
        const at = src.indexOf(`export const ${name} = action(`);
        expect(at, `${file} ${name}`).toBeGreaterThanOrEqual(0);
        const opts = src.slice(at, src.indexOf('}', at));
        expect({ name, stepUp: opts.includes('stepUp') }).toEqual({ name, stepUp: true });
      }
    }
  });

  it('refuses a stale merchant’s withdrawal and a stale staff member’s approvals, not their rejections', async () => {
    const { requestPayoutAction, addBankAccountAction } = await import('@/app/(portal)/payouts/actions');
    const { issueLiveKeyAction } = await import('@/app/(portal)/services/actions');
    const { decidePayoutAction, approveBatchAction } = await import('@/app/admin/payouts/actions');
    const { decideKycAction } = await import('@/app/admin/kyc/actions');
    const { decideFeeChangeAction } = await import('@/app/admin/services/actions');
    const { staffDecideSlipAction } = await import('@/app/admin/payments/actions');
    const m = await makeMerchant(db, { kycApproved: true });
    await enrolAt(m, STALE());
    as({ id: m.id, role: 'merchant' });
    const id = crypto.randomUUID();
    expect(await requestPayoutAction({ platformId: id, amount: '1000000', bankAccountId: id, unit: 'rial' } as never)).toEqual({
      ok: false,
      error: 'twoFactorStale',
    });
    expect(await issueLiveKeyAction({ platformId: id })).toEqual({ ok: false, error: 'twoFactorStale' });
    expect(await addBankAccountAction({ sheba: 'IR062960000000100324200001', holderName: 'مریم کریمی', platformId: '' })).toEqual({
      ok: false,
      error: 'twoFactorStale',
    });

    const s = await makeAdmin(db);
    await enrolAt(s, STALE());
    as({ id: s.id, role: 'admin' });
    expect(await decidePayoutAction({ payoutId: id, approve: true, reason: '' })).toEqual({ ok: false, error: 'twoFactorStale' });
    expect(await approveBatchAction({ batchId: id })).toEqual({ ok: false, error: 'twoFactorStale' });
    expect(await decideKycAction({ profileId: id, decision: 'approve' })).toEqual({ ok: false, error: 'twoFactorStale' });
    expect(await decideFeeChangeAction({ changeId: id, approve: true })).toEqual({ ok: false, error: 'twoFactorStale' });
    expect(await staffDecideSlipAction({ paymentId: id, approve: true })).toEqual({ ok: false, error: 'twoFactorStale' });
    // A rejection is not sensitive: it reaches lib (which finds nothing to decide).
    const rejected = await decidePayoutAction({ payoutId: id, approve: false, reason: 'no' });
    expect(rejected).not.toEqual({ ok: false, error: 'twoFactorStale' });
    expect(await staffDecideSlipAction({ paymentId: id, approve: false, reason: 'no' })).not.toEqual({ ok: false, error: 'twoFactorStale' });
  });
});
