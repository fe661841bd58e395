import { randomInt } from 'node:crypto';
import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiKeys, auditEvents, feeRules, kycProfiles, kycSubmissions, users, type AuditEvent } from '@/db/schema';
import { rollApiKey, revokeApiKey, setIpAllowList } from '@/lib/api-keys';
import { changePassword, completeReset } from '@/lib/auth/accounts';
import { issueOtp, verifyOtp } from '@/lib/auth/otp';
import { decideKyc } from '@/lib/kyc';
import { decideFeeChange, proposeFeeChange } from '@/lib/payments/fees';
import { decidePlatform, issueLiveKey } from '@/lib/platforms';
import {
  addBankAccount,
  decideBankAccount,
  decidePayout,
  ensureKycBankAccount,
  markPayoutSent,
  removeBankAccount,
  requestPayout,
  settlePayout,
} from '@/lib/payouts';
import { fundedMerchant } from '@/lib/payouts/fixtures';
import { cancelRefund, createRefund } from '@/lib/refunds';
import { paidPayment } from '@/lib/refunds/fixtures';
import { acceptTermsAndRequest, currentTerms } from '@/lib/services';
import { setWebhookEndpoint } from '@/lib/webhooks/endpoints';
import { testDb, uniqueIp } from '@/test/db';
import { makeAdmin, makeMerchant, makePlatform, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * Coverage of the audit trail against the real database: each kind of change (keys, bank
 * accounts, fees, KYC decisions, configuration, money state, passwords) writes exactly one event,
 * with the right action, object and business, in the change's own transaction; a rolled-back
 * change writes none; no secret the change made or took is in any event; rows cannot be altered.
 */
const db = testDb();

async function mark(): Promise<bigint> {
  const [r] = await db.select({ m: sql<string>`coalesce(max(${auditEvents.id}), 0)::text` }).from(auditEvents);
  return BigInt(r.m);
}

/** Events after `since` of these businesses or made by these people (other test files write their own in parallel). */
async function eventsSince(since: bigint, scope: { merchants?: string[]; actors?: string[] }): Promise<AuditEvent[]> {
  const who = [
    scope.merchants?.length ? inArray(auditEvents.merchantId, scope.merchants) : undefined,
    scope.actors?.length ? inArray(auditEvents.actorUserId, scope.actors) : undefined,
  ].filter(Boolean);
  return db
    .select()
    .from(auditEvents)
    .where(and(gt(auditEvents.id, since), or(...who)))
    .orderBy(auditEvents.id);
}

/** Runs a change and returns the one event it wrote (failing when it wrote none or several). */
async function oneEvent<T>(scope: { merchants?: string[]; actors?: string[] }, change: () => Promise<T>): Promise<{ result: T; event: AuditEvent }> {
  const since = await mark();
  const result = await change();
  const events = await eventsSince(since, scope);
  expect(events.map((e) => `${e.action} ${e.objectType}`)).toHaveLength(1);
  return { result, event: events[0] };
}

const okData = <T>(r: { ok: true; data: T } | { ok: false }): T => {
  if (!r.ok) throw new Error(`expected ok: ${JSON.stringify(r)}`);
  return r.data;
};

/** A valid Iranian sheba no other test uses (ISO 13616 check digits). */
function uniqueSheba(): string {
  const bban = `0170${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e9)).padStart(9, '0')}`;
  // IR → 18 27; mod 97 of BBAN + "IR00".
  const digits = `${bban}182700`;
  let rem = 0;
  for (const ch of digits) rem = (rem * 10 + Number(ch)) % 97;
  return `IR${String(98 - rem).padStart(2, '0')}${bban}`;
}

/** Every secret this file handed out or typed, to look for in every event it caused. */
const secrets: string[] = [];
const touched = { merchants: new Set<string>(), actors: new Set<string>() };
const note = (merchantId: string, ...actors: string[]) => {
  touched.merchants.add(merchantId);
  for (const a of actors) touched.actors.add(a);
};

describe('audit coverage: keys and configuration', () => {
  it('platform decision, live key, roll, IP allow list, revoke and webhook secret each write one event, never the secret', async () => {
    const { merchant, platform } = await makePlatform(db);
    const staff = staffActorOf(await makeAdmin(db));
    const actor = merchantActorOf(merchant);
    note(merchant.id, merchant.id, staff.userId);
    const scope = { merchants: [merchant.id] };

    const decided = await oneEvent(scope, () => decidePlatform(db, staff, { platformId: platform.id, approve: true }));
    expect(decided.event).toMatchObject({
      action: 'approve',
      objectType: 'platform',
      objectId: platform.id,
      merchantId: merchant.id,
      actorKind: 'staff',
      actorUserId: staff.userId,
    });

    const issued = await oneEvent(scope, () => issueLiveKey(db, actor, { platformId: platform.id }));
    const live = okData(issued.result);
    secrets.push(live.key);
    expect(issued.event).toMatchObject({ action: 'issue', objectType: 'api_key', merchantId: merchant.id, actorKind: 'merchant', ip: '10.0.0.1' });

    const [liveKey] = await db.select().from(apiKeys).where(eq(apiKeys.id, issued.event.objectId));
    const rolled = await oneEvent(scope, () => rollApiKey(db, actor, { keyId: liveKey.id, graceSeconds: 0 }));
    const fresh = okData(rolled.result);
    secrets.push(fresh.key);
    expect(rolled.event).toMatchObject({ action: 'roll', objectType: 'api_key', objectId: liveKey.id, merchantId: merchant.id });

    const allowed = await oneEvent(scope, () => setIpAllowList(db, actor, { keyId: fresh.keyId, ips: ['203.0.113.9'] }));
    expect(allowed.event).toMatchObject({ action: 'allow_list', objectType: 'api_key', objectId: fresh.keyId, after: { ipAllowList: ['203.0.113.9'] } });

    const revoked = await oneEvent(scope, () => revokeApiKey(db, actor, { keyId: fresh.keyId }));
    expect(revoked.event).toMatchObject({ action: 'revoke', objectType: 'api_key', objectId: fresh.keyId, merchantId: merchant.id });

    const hook = await oneEvent(scope, () => setWebhookEndpoint(db, actor, { platformId: platform.id, url: 'https://shop.example/hooks', rollSecret: true }));
    const secret = okData(hook.result).secret!;
    expect(secret).toBeTruthy();
    secrets.push(secret);
    expect(hook.event).toMatchObject({ objectType: 'webhook_endpoint', merchantId: merchant.id });
  });

  it('a service request (terms accepted) writes one event for the business', async () => {
    const merchant = await makeMerchant(db, { kycApproved: true });
    note(merchant.id, merchant.id);
    const terms = (await currentTerms(db, 'payment'))!;
    const { result, event } = await oneEvent({ merchants: [merchant.id] }, () =>
      acceptTermsAndRequest(db, merchantActorOf(merchant), { serviceId: 'payment', termsVersion: terms.version }),
    );
    expect(event).toMatchObject({ action: 'request', objectType: 'merchant_service', objectId: okData(result).merchantServiceId, merchantId: merchant.id });
  });

  it('a fee change writes one event when proposed and one when a second person approves it, with no business', async () => {
    const { merchant } = await makePlatform(db);
    const admin = await makeAdmin(db);
    const second = await makeAdmin(db);
    note(merchant.id, admin.id);
    note(merchant.id, second.id);
    // The phone-payment service's rule in force, proposed again: no other test proposes on it, and its fee does not change.
    const [rule] = await db.select().from(feeRules).where(eq(feeRules.serviceId, 'ivr'));
    const input = { serviceId: 'ivr', percent: rule?.percentBasisPoints ?? 0, fixed: rule?.fixed ?? 0n, min: rule?.min ?? 0n, max: rule?.max ?? null };
    const { result, event } = await oneEvent({ actors: [admin.id] }, () => proposeFeeChange(db, staffActorOf(admin), input));
    expect(event).toMatchObject({ action: 'propose_fee', objectType: 'service', objectId: 'ivr', merchantId: null, actorKind: 'staff' });
    const { event: applied } = await oneEvent({ actors: [second.id] }, () =>
      decideFeeChange(db, staffActorOf(second), { changeId: okData(result).id, approve: true }),
    );
    expect(applied).toMatchObject({ action: 'set_fee', objectType: 'service', objectId: 'ivr', merchantId: null, actorKind: 'staff' });
  });

  it('a KYC decision writes one event for the merchant decided on', async () => {
    const merchant = await makeMerchant(db);
    const admin = await makeAdmin(db);
    note(merchant.id, admin.id);
    const [profile] = await db
      .insert(kycProfiles)
      .values({ userId: merchant.id, kind: 'natural', status: 'submitted', identity: {}, financial: {} })
      .returning();
    await db.insert(kycSubmissions).values({ profileId: profile.id, kind: 'natural', identity: {}, financial: {} });
    const { event } = await oneEvent({ merchants: [merchant.id] }, () =>
      decideKyc(db, staffActorOf(admin), { profileId: profile.id, decision: 'reject', fieldReasons: {}, note: 'Blurry card' }),
    );
    expect(event).toMatchObject({ action: 'reject', objectType: 'kyc_profile', objectId: profile.id, merchantId: merchant.id, after: { status: 'rejected' } });
  });
});

describe('audit coverage: bank accounts and money', () => {
  it('the account from customer information (once), a new account, its approval and removal each write one event', async () => {
    const made = await fundedMerchant(db, 0n, { account: false, sheba: uniqueSheba() });
    const staff = staffActorOf(await makeAdmin(db));
    note(made.merchant.id, made.merchant.id, staff.userId);
    const scope = { merchants: [made.merchant.id] };

    const fromKyc = await oneEvent(scope, () => ensureKycBankAccount(db, made.actor));
    expect(fromKyc.event).toMatchObject({ action: 'create', objectType: 'bank_account', objectId: fromKyc.result!.id, merchantId: made.merchant.id });
    // Made once: looking again changes nothing and writes nothing.
    const since = await mark();
    await ensureKycBankAccount(db, made.actor);
    expect(await eventsSince(since, scope)).toEqual([]);

    const added = await oneEvent(scope, () => addBankAccount(db, made.actor, { sheba: uniqueSheba(), holderName: 'مریم احمدی' }));
    const account = okData(added.result);
    expect(added.event).toMatchObject({ objectType: 'bank_account', objectId: account.id, merchantId: made.merchant.id, actorKind: 'merchant' });
    const approved = await oneEvent(scope, () => decideBankAccount(db, staff, { id: account.id, approve: true }));
    expect(approved.event).toMatchObject({
      action: 'approve',
      objectType: 'bank_account',
      objectId: account.id,
      merchantId: made.merchant.id,
      actorKind: 'staff',
    });
    const removed = await oneEvent(scope, () => removeBankAccount(db, made.actor, { id: account.id }));
    expect(removed.event).toMatchObject({ action: 'remove', objectType: 'bank_account', objectId: account.id });
  });

  it('a payout requested, approved, sent and paid writes one event per step', async () => {
    const made = await fundedMerchant(db, 1_000_000n, { sheba: uniqueSheba() });
    const staff = staffActorOf(await makeAdmin(db));
    note(made.merchant.id, made.merchant.id, staff.userId);
    const scope = { merchants: [made.merchant.id] };
    const asked = await oneEvent(scope, () =>
      requestPayout(db, made.actor, { platformId: made.platform.id, bankAccountId: made.account.id, amount: 200_000n }),
    );
    const payout = okData(asked.result as Parameters<typeof okData>[0]) as { id: string };
    expect(asked.event).toMatchObject({ action: 'request', objectType: 'payout', objectId: payout.id, merchantId: made.merchant.id });
    const approved = await oneEvent(scope, () => decidePayout(db, staff, { payoutId: payout.id, approve: true }));
    expect(approved.event).toMatchObject({ action: 'approved', objectType: 'payout', objectId: payout.id, actorKind: 'staff' });
    const sent = await oneEvent(scope, () => markPayoutSent(db, staff, { payoutId: payout.id }));
    expect(sent.event).toMatchObject({ action: 'send', objectType: 'payout', objectId: payout.id, before: { status: 'approved' } });
    const paid = await oneEvent(scope, () => settlePayout(db, staff, { payoutId: payout.id, outcome: 'paid', bankRef: 'BR-1' }));
    expect(paid.event).toMatchObject({ action: 'paid', objectType: 'payout', objectId: payout.id, merchantId: made.merchant.id });
  });

  it('a refund the bank declines: the merchant’s request and the bank’s answer are one event each; withdrawing it is one more', async () => {
    const { actor, payment, merchant } = await paidPayment(db, { card: SANDBOX_CARD.refundDeclined, amount: 800_000n, fee: 8_000n });
    note(merchant.id, merchant.id);
    const scope = { merchants: [merchant.id] };
    const since = await mark();
    const r = okData(await createRefund(db, actor, { paymentId: payment.id, amount: 500_000n, reason: 'Damaged' }));
    const events = await eventsSince(since, scope);
    expect(events.map((e) => [e.action, e.objectType, e.objectId, e.actorKind])).toEqual([
      ['create', 'refund', r.refund.id, 'merchant'],
      ['decline', 'refund', r.refund.id, 'system'],
    ]);
    expect(events.every((e) => e.merchantId === merchant.id)).toBe(true);
    const canceled = await oneEvent(scope, () => cancelRefund(db, actor, { refundId: r.refund.id }));
    expect(canceled.event).toMatchObject({ action: 'cancel', objectType: 'refund', objectId: r.refund.id, before: { state: 'awaiting_account' } });
  });
});

describe('audit coverage: passwords', () => {
  it('a password change and a reset write one event each, with neither password nor code in it', async () => {
    const merchant = await makeMerchant(db);
    note(merchant.id, merchant.id);
    const scope = { merchants: [merchant.id], actors: [merchant.id] };
    secrets.push('merchant pass phrase', 'a brand new pass phrase', 'reset pass phrase 9');
    const changed = await oneEvent(scope, () =>
      changePassword(db, merchantActorOf(merchant), { currentPassword: 'merchant pass phrase', newPassword: 'a brand new pass phrase' }),
    );
    expect(changed.event).toMatchObject({ action: 'password_change', objectType: 'user', objectId: merchant.id, merchantId: merchant.id });

    const issued = await db.transaction((tx) => issueOtp(tx, { mobile: merchant.mobile, purpose: 'reset', ip: uniqueIp() }));
    if (!issued.ok) throw new Error('otp');
    const v = await verifyOtp(db, { mobile: merchant.mobile, purpose: 'reset', code: issued.code });
    if (!v.ok) throw new Error('verify');
    secrets.push(issued.code, v.ticket);
    const reset = await oneEvent(scope, () => completeReset(db, { mobile: merchant.mobile, ticket: v.ticket, password: 'reset pass phrase 9' }));
    expect(reset.event).toMatchObject({ action: 'password_reset', objectType: 'user', objectId: merchant.id, merchantId: merchant.id, actorKind: 'system' });
    const [user] = await db.select({ changed: users.passwordChangedAt }).from(users).where(eq(users.id, merchant.id));
    expect(user.changed).not.toBeNull();
  });
});

describe('audit trail: atomic, secret-free, append-only', () => {
  it('a change rolled back with its transaction leaves neither the change nor its event', async () => {
    const { merchant, platform, key } = await makePlatform(db);
    secrets.push(key);
    note(merchant.id, merchant.id);
    const [sandbox] = await db.select().from(apiKeys).where(eq(apiKeys.platformId, platform.id));
    const since = await mark();
    await expect(
      db.transaction(async (tx) => {
        okData(await setIpAllowList(tx, merchantActorOf(merchant), { keyId: sandbox.id, ips: ['198.51.100.1'] }));
        throw new Error('the request failed after the change');
      }),
    ).rejects.toThrow('the request failed');
    expect(await eventsSince(since, { merchants: [merchant.id] })).toEqual([]);
    const [after] = await db.select().from(apiKeys).where(eq(apiKeys.id, sandbox.id));
    expect(after.ipAllowList).toEqual([]);
  });

  it('no event of this file holds any secret it handed out or typed (keys, webhook secret, passwords, OTP code and ticket)', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    const events = await eventsSince(0n, { merchants: [...touched.merchants], actors: [...touched.actors] });
    expect(events.length).toBeGreaterThan(15);
    const text = JSON.stringify(events.map((e) => [e.before, e.after, e.objectId, e.action]));
    for (const s of secrets) expect(text.includes(s), `secret ${s.slice(0, 6)}… in an event`).toBe(false);
    // And the check itself can fail: a secret written in would be found.
    expect(JSON.stringify([{ secret: secrets[0] }]).includes(secrets[0])).toBe(true);
  });

  it('the database refuses UPDATE and DELETE of any event', async () => {
    const [one] = await eventsSince(0n, { merchants: [...touched.merchants] });
    await expect(db.update(auditEvents).set({ action: 'forged' }).where(eq(auditEvents.id, one.id))).rejects.toThrow();
    await expect(db.update(auditEvents).set({ after: {} }).where(eq(auditEvents.id, one.id))).rejects.toThrow();
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, one.id))).rejects.toThrow();
    const [still] = await db.select().from(auditEvents).where(eq(auditEvents.id, one.id));
    expect(still).toEqual(one);
  });
});
