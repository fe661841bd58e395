import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { kycProfiles, payments, platforms, webhookEndpoints } from '@/db/schema';
import { seal } from '@/lib/crypto/secretbox';
import { sandboxPay } from '@/lib/gateways/sandbox';
import { postPaymentSucceeded } from '@/lib/ledger';
import { createPayment, startPayment } from '@/lib/payments';
import { createApiKey } from '@/lib/api-keys';
import { makePlatform, merchantActorOf } from '@/test/fixtures';
import { uniqueMobile } from '@/test/db';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

/**
 * What the scale tests set up in the database before they send traffic: merchants, platforms with
 * keys and webhooks, payments at the bank, money due for settlement. Made through lib where lib has a
 * way (payments, the ledger), by plain inserts where only volume matters (hundreds of platforms).
 */

export const OK_CARD = SANDBOX_CARD.success;
export const SHEBA = 'IR820540102680020817909002';

/** A merchant with one approved platform, its test and live keys, its callback URL and, when asked, a webhook. */
export async function shop(db: Db, opts: { webhook?: string } = {}) {
  const made = await makePlatform(db);
  const callbackUrl = `https://shop-${randomBytes(3).toString('hex')}.example/back`;
  await db
    .update(platforms)
    .set({ status: 'approved', callbackUrls: [callbackUrl] })
    .where(eq(platforms.id, made.platform.id));
  const live = await createApiKey(db, made.platform.id, 'live');
  if (opts.webhook) {
    await db
      .insert(webhookEndpoints)
      .values({ platformId: made.platform.id, url: opts.webhook, secretEncrypted: seal(`whsec_${randomBytes(24).toString('base64')}`) });
  }
  await db
    .update(kycProfiles)
    .set({ approvedFinancial: { sheba: SHEBA, accountHolder: 'مریم احمدی', accountNumber: '020817909002' } })
    .where(eq(kycProfiles.userId, made.merchant.id));
  return { ...made, actor: merchantActorOf(made.merchant), testKey: made.key, liveKey: live.key, callbackUrl };
}

/** `n` more approved platforms of the same merchant and service as `template` (copies of its row). */
export async function morePlatforms(db: Db, templateId: string, n: number): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    insert into platforms (user_id, merchant_service_id, type, name, address, expected_monthly_volume, currency, callback_urls, status)
    select p.user_id, p.merchant_service_id, p.type, 'scale ' || g, p.address, p.expected_monthly_volume, p.currency, p.callback_urls, 'approved'
    from platforms p, generate_series(1, ${n}) g where p.id = ${templateId}::uuid
    returning id`);
  return rows.map((r) => r.id);
}

/** Runs `fn` over `items`, `width` at a time. */
export async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i], i);
    }),
  );
  return out;
}

/**
 * Live payments that succeeded two days ago and are not settled yet, with their ledger postings (the
 * money in the platform's pending balance), as the settlement run finds them the next morning.
 */
export async function paidDaysAgo(db: Db, platformIds: string[], perPlatform: number, amount = 1_000_000n): Promise<string[]> {
  const completedAt = new Date(Date.now() - 2 * 86_400_000);
  const jobs = platformIds.flatMap((platformId) => Array.from({ length: perPlatform }, () => platformId));
  return inBatches(jobs, 8, async (platformId) => {
    const p = await createPayment(db, { platformId, source: 'api', livemode: true, amount, state: 'succeeded' });
    await db.transaction(async (tx) => {
      await tx.update(payments).set({ fee: 0n, completedAt }).where(eq(payments.id, p.id));
      await postPaymentSucceeded(tx, { paymentId: p.id, platformId, amount, fee: 0n });
    });
    return p.id;
  });
}

/**
 * A live payment the payer has paid at the sandbox bank, waiting for its callback (or, with `unknown`,
 * left unanswered by the bank's verify, for the janitor); the callback's query string is returned.
 */
export async function paidAtBank(db: Db, platformId: string, opts: { amount?: bigint; mobile?: string | null; unknown?: boolean } = {}) {
  const p = await createPayment(db, {
    platformId,
    source: 'api',
    livemode: true,
    amount: opts.amount ?? 2_500_000n,
    payerMobile: opts.mobile === undefined ? uniqueMobile() : opts.mobile,
    callbackUrl: null,
  });
  const started = await startPayment(db, p.id, 'sandbox', process.env.PUBLIC_BASE_URL!);
  if (!started.ok) throw new Error(`start: ${JSON.stringify(started)}`);
  const [row] = await db.select({ token: payments.gatewayToken }).from(payments).where(eq(payments.id, p.id));
  const paid = await sandboxPay(db, { token: row.token!, card: OK_CARD });
  if (!paid.ok) throw new Error(`sandbox: ${JSON.stringify(paid)}`);
  if (opts.unknown) {
    // The bank took the money but the verify got no answer: the payment waits for the janitor's inquiry.
    await db
      .update(payments)
      .set({ state: 'unknown', nextInquiryAt: new Date(Date.now() - 1000) })
      .where(eq(payments.id, p.id));
  }
  return { payment: p, query: new URL(paid.data.callbackUrl).search, mobile: p.payerMobile };
}

/** The payments among `ids` in each state. */
export async function statesOf(db: Db, ids: string[]): Promise<Record<string, number>> {
  const rows = await db
    .select({ state: payments.state, n: sql<number>`count(*)::int` })
    .from(payments)
    .where(and(inArray(payments.id, ids)))
    .groupBy(payments.state);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}
