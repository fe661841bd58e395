import { and, desc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvents, bankAccounts, payoutSettings, smsMessages, users } from '@/db/schema';
import { ledgerViolations } from '@/lib/ledger';
import { testDb } from '@/test/db';
import { makeAdmin, makePlatform, staffActorOf } from '@/test/fixtures';
import { addBankAccount, cancelPayout, decideBankAccount, removeBankAccount, requestPayout } from '.';
import { getPayout, getPayoutSettings, listBankAccounts, listPayouts } from './queries';
import {
  addBankAccountSchema,
  cancelPayoutSchema,
  payoutFiltersSchema,
  removeBankAccountSchema,
  requestPayoutSchema,
  setAutoSettlementSchema,
  setDefaultBankAccountSchema,
} from './schemas';
import { setAutoSettlement, setDefaultBankAccount } from './settings';
import { fundedMerchant } from './fixtures';

const db = testDb();
const SHEBA = 'IR820540102680020817909002';
const OTHER_SHEBA = 'IR062960000000100324200001';
const PLATFORM = '7b0c2f0e-8d2a-4a8e-9d7e-0a1b2c3d4e5f';

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

function issues(r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
}

describe('payout schemas', () => {
  it('a sheba in Persian digits, spaced, without IR, becomes IR + 24 digits; a bad checksum is refused', () => {
    const r = addBankAccountSchema.parse({ sheba: '۸۲ ۰۵۴۰ ۱۰۲۶ ۸۰۰۲ ۰۸۱۷ ۹۰۹۰ ۰۲', holderName: ' مریم احمدی ' });
    expect(r).toEqual({ sheba: SHEBA, holderName: 'مریم احمدی', platformId: null });
    expect(addBankAccountSchema.parse({ sheba: 'ir82 0540 1026 8002 0817 9090 02', holderName: 'Maryam', platformId: PLATFORM }).platformId).toBe(PLATFORM);
    expect(issues(addBankAccountSchema.safeParse({ sheba: 'IR820540102680020817909003', holderName: 'Maryam' }))).toEqual({ sheba: 'shebaInvalid' });
    expect(issues(addBankAccountSchema.safeParse({ sheba: 'IR8205', holderName: '' }))).toEqual({ sheba: 'shebaInvalid', holderName: 'required' });
    expect(issues(addBankAccountSchema.safeParse({ sheba: SHEBA, holderName: 'Maryam', platformId: 'nope' }))).toEqual({ platformId: 'notFound' });
  });

  it('control characters are refused in every text field', () => {
    expect(issues(addBankAccountSchema.safeParse({ sheba: `IR82\u0000`, holderName: 'Ma\u0007ryam' }))).toEqual({
      sheba: 'controlChars',
      holderName: 'controlChars',
    });
    const base = { platformId: PLATFORM, bankAccountId: PLATFORM, unit: 'rial', amount: '500000' } as const;
    expect(issues(requestPayoutSchema.safeParse({ ...base, description: 'rent\u001b[31m' }))).toEqual({ description: 'controlChars' });
    expect(issues(requestPayoutSchema.safeParse({ ...base, amount: '500\u0000000' }))).toEqual({ amount: 'controlChars' });
    expect(issues(setAutoSettlementSchema.safeParse({ platformId: PLATFORM, enabled: true, keep: '1\u00850' }))).toEqual({ keep: 'controlChars' });
  });

  it('a payout amount in Persian digits and Toman leaves as Rials; zero, negative, fractional and junk are refused', () => {
    const base = { platformId: PLATFORM, bankAccountId: PLATFORM };
    expect(requestPayoutSchema.parse({ ...base, unit: 'toman', amount: '۱۲٬۵۰۰' })).toEqual({ ...base, amount: 125_000n, description: null });
    expect(requestPayoutSchema.parse({ ...base, unit: 'rial', amount: '1,250,000', description: ' rent ' })).toMatchObject({
      amount: 1_250_000n,
      description: 'rent',
    });
    expect(requestPayoutSchema.parse({ ...base, amount: '5000' }).amount).toBe(5000n);
    for (const [amount, code] of [
      ['0', 'amountNotPositive'],
      ['-100', 'amountNotPositive'],
      ['12.5', 'amountFractional'],
      ['12a', 'amountInvalid'],
      ['', 'required'],
    ])
      expect(issues(requestPayoutSchema.safeParse({ ...base, unit: 'rial', amount }))).toEqual({ amount: code });
    expect(issues(requestPayoutSchema.safeParse({ ...base, bankAccountId: '', unit: 'rial', amount: '1000' }))).toEqual({ bankAccountId: 'accountRequired' });
    expect(issues(requestPayoutSchema.safeParse({ ...base, unit: 'rial', amount: '1000', description: 'x'.repeat(201) }))).toEqual({ description: 'tooLong' });
  });

  it('automatic settlement keeps nothing when empty or zero, Toman and Persian digits otherwise', () => {
    expect(setAutoSettlementSchema.parse({ platformId: PLATFORM, enabled: true, keep: '' })).toEqual({ platformId: PLATFORM, enabled: true, keep: 0n });
    expect(setAutoSettlementSchema.parse({ platformId: PLATFORM, enabled: false, unit: 'toman', keep: '۱٬۰۰۰' }).keep).toBe(10_000n);
    expect(issues(setAutoSettlementSchema.safeParse({ platformId: PLATFORM, enabled: true, keep: '-5' }))).toEqual({ keep: 'amountNotPositive' });
  });

  it('ids that are not ids are "not found", and list filters forgive junk', () => {
    expect(issues(removeBankAccountSchema.safeParse({ id: "1' or 1=1" }))).toEqual({ id: 'notFound' });
    expect(issues(cancelPayoutSchema.safeParse({ payoutId: 'x' }))).toEqual({ payoutId: 'notFound' });
    expect(issues(setDefaultBankAccountSchema.safeParse({ platformId: 'x', bankAccountId: PLATFORM }))).toEqual({ platformId: 'notFound' });
    expect(payoutFiltersSchema.parse({ state: 'paid', platformId: PLATFORM, page: '3' })).toEqual({ state: 'paid', platformId: PLATFORM, page: 3 });
    expect(payoutFiltersSchema.parse({ state: 'nonsense', platformId: 'x', page: '-1' })).toEqual({ state: undefined, platformId: undefined, page: 1 });
  });
});

/** A merchant with a platform, its KYC account approved and `withdrawable` Rials. */
async function merchant(withdrawable = 2_000_000n) {
  return fundedMerchant(db, withdrawable);
}

/** The texts telling the merchant its default account changed (adding or deciding an account texts too). */
async function smsTo(userId: string) {
  const [u] = await db.select({ mobile: users.mobile }).from(users).where(eq(users.id, userId));
  const all = await db.select().from(smsMessages).where(eq(smsMessages.mobile, u.mobile)).orderBy(desc(smsMessages.createdAt));
  return all.filter((m) => m.body.includes('حساب پیش‌فرض'));
}

describe('setDefaultBankAccount', () => {
  it('sets an approved account, writes an audit event and texts the merchant; setting it again changes nothing', async () => {
    const { platform, actor, account } = await merchant();
    const r = await setDefaultBankAccount(db, actor, { platformId: platform.id, bankAccountId: account.id });
    expect(r).toMatchObject({ ok: true, data: { platformId: platform.id, defaultBankAccountId: account.id } });
    expect((await getPayoutSettings(db, actor, platform.id))?.defaultBankAccountId).toBe(account.id);
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'payout_settings'), eq(auditEvents.objectId, platform.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'set_default_account',
      actorKind: 'merchant',
      merchantId: actor.merchantId,
      before: { defaultBankAccountId: null },
    });
    const sms = await smsTo(actor.merchantId);
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toContain('9002');
    expect(sms[0].body).toContain(platform.name);

    expect((await setDefaultBankAccount(db, actor, { platformId: platform.id, bankAccountId: account.id })).ok).toBe(true);
    expect(await smsTo(actor.merchantId)).toHaveLength(1);
  });

  it('refuses a pending account, another platform’s account, and another merchant’s account or platform', async () => {
    const a = await merchant();
    const b = await merchant();
    const pending = await addBankAccount(db, a.actor, { sheba: OTHER_SHEBA, holderName: 'مریم احمدی' });
    if (!pending.ok) throw new Error('add');
    expect(await setDefaultBankAccount(db, a.actor, { platformId: a.platform.id, bankAccountId: pending.data.id })).toEqual({
      ok: false,
      fieldErrors: { bankAccountId: 'accountNotApproved' },
    });
    // B's account for A's platform, and A's account for B's platform: nothing.
    expect(await setDefaultBankAccount(db, a.actor, { platformId: a.platform.id, bankAccountId: b.account.id })).toEqual({
      ok: false,
      fieldErrors: { bankAccountId: 'notFound' },
    });
    expect(await setDefaultBankAccount(db, a.actor, { platformId: b.platform.id, bankAccountId: a.account.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await setDefaultBankAccount(db, a.actor, { platformId: 'junk', bankAccountId: a.account.id })).toEqual({ ok: false, error: 'notFound' });

    // An account kept for one platform is not the default of another.
    const other = await makePlatform(db);
    const staff = staffActorOf(await makeAdmin(db));
    expect((await decideBankAccount(db, staff, { id: pending.data.id, approve: true })).ok).toBe(true);
    await db.update(bankAccounts).set({ platformId: other.platform.id }).where(eq(bankAccounts.id, pending.data.id));
    expect(await setDefaultBankAccount(db, a.actor, { platformId: a.platform.id, bankAccountId: pending.data.id })).toEqual({
      ok: false,
      fieldErrors: { bankAccountId: 'notFound' },
    });
    expect(await db.select().from(payoutSettings).where(eq(payoutSettings.platformId, b.platform.id))).toEqual([]);
    expect(await smsTo(a.actor.merchantId)).toHaveLength(0);
  });
});

describe('setAutoSettlement', () => {
  it('needs a default account to switch on; keeps the amount; off needs nothing; each change is audited', async () => {
    const { platform, actor, account } = await merchant();
    expect(await setAutoSettlement(db, actor, { platformId: platform.id, enabled: true, keep: 0n })).toEqual({
      ok: false,
      fieldErrors: { enabled: 'defaultAccountRequired' },
    });
    expect(await setAutoSettlement(db, actor, { platformId: platform.id, enabled: false, keep: 50_000n })).toMatchObject({
      ok: true,
      data: { autoEnabled: false, autoKeep: 50_000n },
    });
    await setDefaultBankAccount(db, actor, { platformId: platform.id, bankAccountId: account.id });
    expect(await setAutoSettlement(db, actor, { platformId: platform.id, enabled: true, keep: 1_000_000n })).toMatchObject({
      ok: true,
      data: { autoEnabled: true, autoKeep: 1_000_000n, defaultBankAccountId: account.id },
    });
    expect(await getPayoutSettings(db, actor, platform.id)).toMatchObject({ autoEnabled: true, autoKeep: 1_000_000n });
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectId, platform.id), eq(auditEvents.action, 'set_auto_settlement')));
    expect(events).toHaveLength(2);
    expect(await setAutoSettlement(db, actor, { platformId: platform.id, enabled: true, keep: -1n })).toEqual({
      ok: false,
      fieldErrors: { keep: 'amountNotPositive' },
    });
  });

  it('another merchant’s platform is not found and its settings stay as they were', async () => {
    const a = await merchant();
    const b = await merchant();
    await setDefaultBankAccount(db, b.actor, { platformId: b.platform.id, bankAccountId: b.account.id });
    expect(await setAutoSettlement(db, a.actor, { platformId: b.platform.id, enabled: false, keep: 5n })).toEqual({ ok: false, error: 'notFound' });
    expect(await getPayoutSettings(db, b.actor, b.platform.id)).toMatchObject({ autoEnabled: false, autoKeep: 0n });
  });
});

describe('the merchant side against another merchant’s ids', () => {
  it('another merchant’s payouts, accounts and settings: nothing seen, nothing changed', async () => {
    const a = await merchant();
    const b = await merchant();
    const p = await requestPayout(db, b.actor, { platformId: b.platform.id, bankAccountId: b.account.id, amount: 500_000n });
    if (!p.ok) throw new Error('request');
    // A asks for B's payout from A's own platform or to B's account: refused before any money moves.
    expect(await requestPayout(db, a.actor, { platformId: a.platform.id, bankAccountId: b.account.id, amount: 500_000n })).toEqual({
      ok: false,
      fieldErrors: { bankAccountId: 'notFound' },
    });
    expect(await requestPayout(db, a.actor, { platformId: b.platform.id, bankAccountId: a.account.id, amount: 500_000n })).toEqual({
      ok: false,
      error: 'notFound',
    });
    expect(await cancelPayout(db, a.actor, { payoutId: p.data.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await removeBankAccount(db, a.actor, { id: b.account.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await getPayout(db, a.actor, p.data.id)).toBeNull();
    expect((await listPayouts(db, a.actor, { platformId: b.platform.id })).rows).toEqual([]);
    expect((await listPayouts(db, a.actor, {})).rows).toEqual([]);
    expect((await listBankAccounts(db, a.actor)).map((x) => x.id)).toEqual([a.account.id]);
    expect(await getPayoutSettings(db, a.actor, b.platform.id)).toBeNull();
    // B's still stand.
    expect(await getPayout(db, b.actor, p.data.id)).toMatchObject({ state: 'requested', sheba: SHEBA });
    expect((await listBankAccounts(db, b.actor)).map((x) => x.status)).toEqual(['approved']);
  });

  it('an account with a payout in flight cannot be removed; once canceled it can', async () => {
    const { platform, actor, account } = await merchant();
    const p = await requestPayout(db, actor, { platformId: platform.id, bankAccountId: account.id, amount: 400_000n });
    if (!p.ok) throw new Error('request');
    expect(await removeBankAccount(db, actor, { id: account.id })).toEqual({ ok: false, error: 'payoutInFlight' });
    expect((await cancelPayout(db, actor, { payoutId: p.data.id })).ok).toBe(true);
    expect((await removeBankAccount(db, actor, { id: account.id })).ok).toBe(true);
    expect(await listBankAccounts(db, actor)).toEqual([]);
  });
});
