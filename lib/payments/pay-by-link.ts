import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { depositSlips, payments } from '@/db/schema';
import { amountInUnit, formatAmount } from '@/lib/money';
import { hit } from '@/lib/rate-limit';
import { err, invalid, fieldErr, ok, type Err, type Result } from '@/lib/result';
import { sendPayerSms } from '@/lib/sms';
import { smsText } from '@/lib/sms/texts';
import { isUuid } from '@/lib/validation/ids';
import { payerSchema, type payByLinkSchema } from '@/lib/validation/payments';
import type { z } from 'zod';
import { enqueueDeliveries, recordEvent } from '@/lib/webhooks/events';
import { slipImageKey } from './images';
import { createPayment, paymentEventData, startPayment } from './index';
import { checkSignature, prefillOf, publicLink } from './link-settings';

/** Where the payer goes next: the bank's page, or the receipt. */
export type PayResult = Result<
  { redirect: string },
  'notFound' | 'linkTampered' | 'gatewayUnavailable' | 'gatewayRefused' | 'slipsNotAccepted' | 'retryInvalid' | 'linkBusy' | 'payRateLimited'
>;

/**
 * What anonymous payers may do through the public pages: payments per client address and per
 * payer mobile in ten minutes, and how many unpaid payments (online not yet back from the bank,
 * slips not yet decided) one link may hold at once.
 */
export const PUBLIC_PAY_RULES = {
  perAddress: { limit: 10, windowSeconds: 600 },
  perMobile: { limit: 5, windowSeconds: 600 },
  openPerLink: 50,
} as const;

/** Counts one payment attempt from this address and for this mobile; the refusal to answer, if any. */
export async function throttlePayer(db: Db, ip: string, mobile: string): Promise<Err<'payRateLimited'> | null> {
  for (const [key, rule] of [
    [`pay:ip:${ip}`, PUBLIC_PAY_RULES.perAddress],
    [`pay:mobile:${mobile}`, PUBLIC_PAY_RULES.perMobile],
  ] as const) {
    const r = await hit(db, key, rule);
    if (!r.ok) return err('payRateLimited', { retryAfterSeconds: r.retryAfterSeconds });
  }
  return null;
}

/** Whether the link already holds its cap of unpaid payments (counted no further than the cap). */
async function linkIsBusy(db: Db, platformId: string): Promise<boolean> {
  const rows = await db.execute(sql`
    select 1 from ${payments}
    where ${payments.platformId} = ${platformId} and ${payments.source} = 'link' and ${payments.oneOffLinkId} is null
      and ${payments.state} in ('created', 'redirected', 'awaiting_confirmation')
    limit ${PUBLIC_PAY_RULES.openPerLink}`);
  return rows.length >= PUBLIC_PAY_RULES.openPerLink;
}

/** A started gateway session as the payer's answer. */
export function startedAnswer(started: Awaited<ReturnType<typeof startPayment>>): PayResult {
  if (started.ok) return ok({ redirect: started.pageUrl });
  // The upstream's own reason stays in the attempt log; the payer sees the code.
  return err(started.error === 'gatewayRefused' ? 'gatewayRefused' : 'gatewayUnavailable');
}

/** A failed payment of this link that the payer may try again, with its amount if it was locked. */
export async function retryablePayment(db: Db, platformId: string, paymentId: string) {
  if (!isUuid(paymentId)) return null;
  const [prev] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.id, paymentId), eq(payments.platformId, platformId)));
  return prev && (prev.state === 'failed' || prev.state === 'canceled') ? prev : null;
}

/**
 * The payer's submit on /pay/<handle>: re-reads the link, re-checks a signed link (its fields
 * win over whatever the form sent), then either sends the payer to the gateway or files the slip.
 * The payer's fields are checked here, against the link's own unit and limits.
 */
export async function payByLink(db: Db, input: z.input<typeof payByLinkSchema>, ctx: { baseUrl: string; ip: string }): Promise<PayResult> {
  const link = await publicLink(db, input.handle);
  if (!link) return err('notFound');
  const { settings, platform } = link;
  const query = (input.query ?? {}) as Record<string, string>;
  const sig = checkSignature(settings, query);
  if (sig === 'invalid') return err('linkTampered');
  let values = { ...input.payer };
  let locked = false;
  if (sig === 'valid') {
    values = { ...values, ...prefillOf(query) };
    locked = prefillOf(query).amount !== undefined;
  }
  let lockedAmount: bigint | null = null;
  if (input.retryOf) {
    const prev = await retryablePayment(db, platform.id, input.retryOf);
    if (!prev) return err('retryInvalid');
    if (prev.amountLocked) lockedAmount = prev.amount;
  }
  const parsed = payerSchema({ unit: settings.displayUnit, min: settings.minAmount, max: settings.maxAmount }).safeParse(
    lockedAmount !== null ? { ...values, amount: amountInUnit(lockedAmount, settings.displayUnit) } : values,
  );
  if (!parsed.success) return invalid(parsed.error);
  const v = parsed.data;
  const refused = await throttlePayer(db, ctx.ip, v.mobile);
  if (refused) return refused;
  if (await linkIsBusy(db, platform.id)) return err('linkBusy');
  const common = {
    platformId: platform.id,
    source: 'link' as const,
    livemode: true,
    amount: lockedAmount ?? v.amount,
    payerName: v.name,
    payerMobile: v.mobile,
    payerPhone: v.phone || null,
    description: v.description || null,
    amountLocked: locked || lockedAmount !== null,
  };
  if (v.method === 'online') {
    if (!link.gateways.includes(v.gateway)) return fieldErr({ gateway: 'gatewayRequired' });
    const p = await createPayment(db, common);
    return startedAnswer(await startPayment(db, p.id, v.gateway, ctx.baseUrl));
  }
  if (!settings.acceptSlips) return err('slipsNotAccepted');
  const { payment, eventId } = await db.transaction(async (tx) => {
    const p = await createPayment(tx, { ...common, method: 'slip', state: 'awaiting_confirmation' });
    await tx
      .insert(depositSlips)
      .values({ paymentId: p.id, bank: v.bank, slipNumber: v.slipNumber, depositDate: v.depositDate, imageKey: slipImageKey(v.image, settings.handle) });
    const eventId = await recordEvent(tx, platform.id, 'deposit_slip.submitted', {
      ...paymentEventData(p),
      bank: v.bank,
      slip_number: v.slipNumber,
      deposit_date: v.depositDate,
    });
    return { payment: p, eventId };
  });
  await enqueueDeliveries([eventId]);
  await sendPayerSms(
    db,
    v.mobile,
    smsText('slipSubmitted', { amount: formatAmount(payment.amount, 'fa', 'toman'), name: settings.title, code: payment.trackingCode }),
  );
  return ok({ redirect: `/pay/receipt/${payment.id}` });
}
