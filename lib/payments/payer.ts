import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { depositSlips, paymentLinkSettings, payments, platforms, refunds, vposReversals } from '@/db/schema';
import { liveGateways, type GatewayId } from '@/lib/gateways';
import { isUuid } from '@/lib/validation/ids';
import { startPayment } from './index';

/**
 * What a payer reaches without an account, by a payment's id alone (an unguessable uuid): the
 * receipt, and the payment URL an API payment hands out.
 */

/** A payment's receipt: the payment, the merchant's name, the link's settings and the slip, if any. */
export async function getReceipt(db: Db, paymentId: string) {
  if (!isUuid(paymentId)) return null;
  const [row] = await db
    .select({
      p: payments,
      platformName: platforms.name,
      // The way back to the merchant's site from the receipt (a website platform's address).
      platformType: platforms.type,
      platformAddress: platforms.address,
      settings: paymentLinkSettings,
      slip: depositSlips,
    })
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, payments.platformId))
    .leftJoin(depositSlips, eq(depositSlips.paymentId, payments.id))
    .where(eq(payments.id, paymentId));
  if (!row) return null;
  // What has reached the payer back, and when the last of it did: for lira, N Kolay's cancels and refunds.
  if (row.p.currency === 'TRY') {
    const [rev] = await db
      .select({ amount: sql<string>`coalesce(sum(${vposReversals.amount}), 0)`, at: sql<Date | null>`max(${vposReversals.decidedAt})` })
      .from(vposReversals)
      .where(and(eq(vposReversals.paymentId, paymentId), eq(vposReversals.state, 'succeeded')));
    return { ...row, refunded: { amount: BigInt(rev.amount), at: rev.at ? new Date(rev.at) : null } };
  }
  const [back] = await db
    .select({ amount: sql<string>`coalesce(sum(${refunds.amount}), 0)`, at: sql<Date | null>`max(${refunds.completedAt})` })
    .from(refunds)
    .where(and(eq(refunds.paymentId, paymentId), eq(refunds.state, 'succeeded')));
  return { ...row, refunded: { amount: BigInt(back.amount), at: back.at ? new Date(back.at) : null } };
}

/**
 * Opens the gateway session of an API payment (sandbox for test keys, the platform's first
 * enabled gateway for live ones) and answers where to send the payer: the bank's page, or the
 * receipt when it cannot start.
 */
export async function openApiPayment(db: Db, paymentId: string, origin: string): Promise<string> {
  if (!isUuid(paymentId)) return `${origin}/pay/receipt/unknown`;
  const [p] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), inArray(payments.source, ['api', 'topup', 'split', 'pos'])));
  if (!p) return `${origin}/pay/receipt/unknown`;
  // A lira payment runs on N Kolay, on the POS definition it was made with (test or production).
  if (p.gateway === 'nkolay') {
    const r = await startPayment(db, p.id, 'nkolay', origin);
    return r.ok ? r.pageUrl : `${origin}/pay/receipt/${p.id}`;
  }
  let gateway: GatewayId | undefined = 'sandbox';
  if (p.livemode) {
    const [s] = await db.select({ gateways: paymentLinkSettings.gateways }).from(paymentLinkSettings).where(eq(paymentLinkSettings.platformId, p.platformId));
    const offered = await liveGateways(db);
    gateway = (s?.gateways ?? []).find((g): g is GatewayId => offered.includes(g as GatewayId)) ?? offered[0];
  }
  if (!gateway) return `${origin}/pay/receipt/${p.id}`;
  const r = await startPayment(db, p.id, gateway, origin);
  return r.ok ? r.pageUrl : `${origin}/pay/receipt/${p.id}`;
}
