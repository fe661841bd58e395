import { createHash, randomBytes, randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { payments, refunds, sandboxBankSessions, smsMessages, type Payment } from '@/db/schema';
import { postPaymentSucceeded, postSettlement } from '@/lib/ledger';
import { fundedMerchant } from '@/lib/payouts/fixtures';
import { uniqueMobile } from '@/test/db';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

let orders = 0;

/**
 * For tests only: a payment paid on the sandbox bank with `card` (which picks how its refunds
 * go), its success posted as the payments module posts it, settled or not; on a platform with
 * `withdrawable` Rials besides.
 */
export async function paidPayment(
  db: Db,
  opts: {
    amount?: bigint;
    fee?: bigint;
    card?: string;
    settled?: boolean;
    withdrawable?: bigint;
    livemode?: boolean;
    mobile?: string | null;
    gateway?: 'sandbox' | null;
  } = {},
) {
  const made = await fundedMerchant(db, opts.withdrawable ?? 0n);
  const payment = await addPaidPayment(db, made.platform.id, opts);
  return { ...made, payment };
}

/** Another paid payment on the same platform. */
export async function addPaidPayment(
  db: Db,
  platformId: string,
  opts: { amount?: bigint; fee?: bigint; card?: string; settled?: boolean; livemode?: boolean; mobile?: string | null; gateway?: 'sandbox' | null } = {},
): Promise<Payment> {
  const amount = opts.amount ?? 1_000_000n;
  const fee = opts.fee ?? 10_000n;
  const livemode = opts.livemode ?? true;
  const token = `sbx_${randomBytes(12).toString('hex')}`;
  const ref = String(100000000000 + orders);
  const byGateway = opts.gateway !== null;
  if (byGateway) {
    await db
      .insert(sandboxBankSessions)
      .values({ token, amount, orderId: `T${orders}`, callbackUrl: 'http://dargah.test/cb', state: 'paid', card: opts.card ?? SANDBOX_CARD.success, ref });
  }
  return db.transaction(async (tx) => {
    const [p] = await tx
      .insert(payments)
      .values({
        platformId,
        source: 'api',
        method: byGateway ? 'online' : 'slip',
        livemode,
        amount,
        fee,
        orderId: `refund-test-${Date.now()}-${orders++}`,
        trackingCode: String(10_000_000_000 + randomInt(0, 89_999_999_999)),
        state: 'succeeded',
        gateway: byGateway ? 'sandbox' : null,
        gatewayToken: byGateway ? token : null,
        gatewayRef: byGateway ? ref : null,
        payerName: 'علی رضایی',
        payerMobile: opts.mobile === undefined ? uniqueMobile() : opts.mobile,
        completedAt: new Date(),
      })
      .returning();
    if (livemode) await postPaymentSucceeded(tx, { paymentId: p.id, platformId, amount, fee });
    if (livemode && opts.settled) {
      await postSettlement(tx, { reference: `test:${p.id}`, platformId, amount: amount - fee });
      const [s] = await tx.update(payments).set({ settledAt: new Date() }).where(eq(payments.id, p.id)).returning();
      return s;
    }
    return p;
  });
}

/**
 * For tests only: the token of the link a refund's payer was last texted (the one still valid), read
 * back from the SMS as the payer would; null when the refund waits for no account or the payer has
 * no mobile.
 */
export async function refundLinkToken(db: Db, refundId: string): Promise<string | null> {
  const [row] = await db
    .select({ hash: refunds.accountTokenHash, mobile: payments.payerMobile })
    .from(refunds)
    .innerJoin(payments, eq(payments.id, refunds.paymentId))
    .where(eq(refunds.id, refundId));
  if (!row?.hash || !row.mobile) return null;
  const texts = await db.select({ body: smsMessages.body }).from(smsMessages).where(eq(smsMessages.mobile, row.mobile));
  const tokens = texts.map((t) => t.body.split('/refund/')[1]?.trim().split(/\s/)[0]).filter((t): t is string => Boolean(t));
  return tokens.find((t) => createHash('sha256').update(t).digest('hex') === row.hash) ?? null;
}
