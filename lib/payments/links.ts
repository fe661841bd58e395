import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { violates } from '@/db/errors';
import {
  depositSlips,
  merchantServices,
  oneOffLinks,
  paymentLinkSettings,
  payments,
  paymentState,
  platforms,
  type Payment,
  type PaymentLinkSettings,
} from '@/db/schema';
import { open, seal } from '@/lib/crypto/secretbox';
import { liveGateways, type GatewayId } from '@/lib/gateways';
import { amountInUnit, formatAmount } from '@/lib/money';
import { getOwnPlatform } from '@/lib/platforms';
import { hit } from '@/lib/rate-limit';
import { sendPayerSms } from '@/lib/sms';
import { smsText } from '@/lib/sms/texts';
import { fieldErrorsOf } from '@/lib/validation/auth';
import { HANDLE_RE, linkSettingsSchema, payerSchema, slipDecisionSchema } from '@/lib/validation/payments';
import { isUuid } from '@/lib/validation/ids';
import { enqueueDeliveries, recordEvent } from '@/lib/webhooks/events';
import { slipImageKey } from './images';
import { createPayment, fail, paymentEventData, startPayment, succeed } from './index';
import { withoutControls } from '@/lib/validation/text';

type FieldErrors = Record<string, string>;

/** The platform must belong to the merchant and to the payment-gateway service. */
async function ownPaymentPlatform(db: Db, userId: string, platformId: string) {
  const platform = await getOwnPlatform(db, userId, platformId);
  if (!platform) return null;
  const [ms] = await db.select({ serviceId: merchantServices.serviceId }).from(merchantServices).where(eq(merchantServices.id, platform.merchantServiceId));
  return ms?.serviceId === 'payment' ? platform : null;
}

export async function getLinkSettings(db: Db, userId: string, platformId: string): Promise<PaymentLinkSettings | null | 'notFound'> {
  const platform = await ownPaymentPlatform(db, userId, platformId);
  if (!platform) return 'notFound';
  const [row] = await db.select().from(paymentLinkSettings).where(eq(paymentLinkSettings.platformId, platform.id));
  return row ?? null;
}

export type SaveLinkResult =
  { ok: true; settings: PaymentLinkSettings } | { ok: false; error: 'invalid'; fieldErrors: FieldErrors } | { ok: false; error: 'notFound' };

export async function saveLinkSettings(db: Db, userId: string, platformId: string, input: unknown): Promise<SaveLinkResult> {
  const parsed = linkSettingsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const platform = await ownPaymentPlatform(db, userId, platformId);
  if (!platform) return { ok: false, error: 'notFound' };
  const offered = liveGateways();
  const gateways = parsed.data.gateways.filter((g) => offered.includes(g));
  if (parsed.data.gateways.length && !gateways.length && !parsed.data.acceptSlips)
    return { ok: false, error: 'invalid', fieldErrors: { gateways: 'noPaymentMethod' } };
  const values = { ...parsed.data, gateways, updatedAt: new Date() };
  try {
    const [row] = await db
      .insert(paymentLinkSettings)
      .values({ platformId: platform.id, ...values, signingKeyEncrypted: seal(randomBytes(32).toString('base64url')) })
      .onConflictDoUpdate({ target: paymentLinkSettings.platformId, set: values })
      .returning();
    return { ok: true, settings: row };
  } catch (err) {
    if (violates(err, 'payment_link_settings_handle_key')) return { ok: false, error: 'invalid', fieldErrors: { handle: 'handleTaken' } };
    throw err;
  }
}

/** The query parameters a link may prefill, under our names and the product's own. */
export type LinkPrefill = { amount?: string; name?: string; description?: string };

export function prefillOf(query: Record<string, string | string[] | undefined>): LinkPrefill {
  const one = (k: string) => {
    const v = query[k];
    return (Array.isArray(v) ? v[0] : v)?.slice(0, 500);
  };
  const out: LinkPrefill = {};
  const amount = one('amount') ?? one('price');
  const name = one('name') ?? one('receivername');
  const description = one('description');
  if (amount) out.amount = amount;
  if (name) out.name = name;
  if (description) out.description = description;
  return out;
}

function canonical(p: LinkPrefill): string {
  return (['amount', 'description', 'name'] as const)
    .filter((k) => p[k] !== undefined)
    .map((k) => `${k}=${p[k]}`)
    .join('&');
}

export function signPrefill(settings: Pick<PaymentLinkSettings, 'signingKeyEncrypted' | 'handle'>, p: LinkPrefill): string {
  return createHmac('sha256', open(settings.signingKeyEncrypted))
    .update(`${settings.handle}\n${canonical(p)}`)
    .digest('base64url')
    .slice(0, 32);
}

/** `none`: an ordinary link; `valid`: the prefilled fields are locked; `invalid`: changed, refuse it. */
export function checkSignature(settings: PaymentLinkSettings, query: Record<string, string | string[] | undefined>): 'none' | 'valid' | 'invalid' {
  const sig = query.sig;
  if (sig === undefined) return 'none';
  if (typeof sig !== 'string') return 'invalid';
  const want = Buffer.from(signPrefill(settings, prefillOf(query)));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? 'valid' : 'invalid';
}

/** A link builder's URL, signed when asked. */
export async function buildLink(db: Db, userId: string, platformId: string, p: LinkPrefill & { sign: boolean }, baseUrl: string) {
  const settings = await getLinkSettings(db, userId, platformId);
  if (!settings || settings === 'notFound') return null;
  const prefill: LinkPrefill = {};
  for (const k of ['amount', 'name', 'description'] as const) if (p[k]?.trim()) prefill[k] = p[k]!.trim();
  const q = new URLSearchParams(prefill as Record<string, string>);
  if (p.sign) q.set('sig', signPrefill(settings, prefill));
  const qs = q.toString();
  return `${baseUrl}/pay/${settings.handle}${qs ? `?${qs}` : ''}`;
}

/** The public side of a link: enabled, of an approved platform, with the gateways still offered. */
export async function publicLink(db: Db, handle: string) {
  if (!HANDLE_RE.test(handle)) return null;
  const [row] = await db
    .select({ settings: paymentLinkSettings, platform: platforms })
    .from(paymentLinkSettings)
    .innerJoin(platforms, eq(platforms.id, paymentLinkSettings.platformId))
    .where(and(eq(paymentLinkSettings.handle, handle), eq(paymentLinkSettings.enabled, true), eq(platforms.status, 'approved')));
  if (!row) return null;
  const offered = liveGateways();
  return { ...row, gateways: row.settings.gateways.filter((g): g is GatewayId => offered.includes(g as GatewayId)) };
}

export type PayResult =
  | { ok: true; redirect: string }
  | {
      ok: false;
      error: 'notFound' | 'linkTampered' | 'gatewayUnavailable' | 'gatewayRefused' | 'slipsNotAccepted' | 'retryInvalid' | 'linkBusy';
      reason?: string;
    }
  | { ok: false; error: 'payRateLimited'; retryAfterSeconds: number }
  | { ok: false; error: 'invalid'; fieldErrors: FieldErrors };

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
async function throttlePayer(db: Db, ip: string, mobile: string): Promise<PayResult | null> {
  for (const [key, rule] of [
    [`pay:ip:${ip}`, PUBLIC_PAY_RULES.perAddress],
    [`pay:mobile:${mobile}`, PUBLIC_PAY_RULES.perMobile],
  ] as const) {
    const r = await hit(db, key, rule);
    if (!r.ok) return { ok: false, error: 'payRateLimited', retryAfterSeconds: r.retryAfterSeconds };
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

/**
 * The payer's submit on /pay/<handle>: re-reads the link, re-checks a signed link (its fields
 * win over whatever the form sent), then either sends the payer to the gateway or files the slip.
 */
export async function payByLink(
  db: Db,
  handle: string,
  input: Record<string, unknown>,
  ctx: { query: Record<string, string>; baseUrl: string; ip: string; retryOf?: string | null },
): Promise<PayResult> {
  const link = await publicLink(db, handle);
  if (!link) return { ok: false, error: 'notFound' };
  const { settings, platform } = link;
  const sig = checkSignature(settings, ctx.query);
  if (sig === 'invalid') return { ok: false, error: 'linkTampered' };
  let values = { ...input };
  let locked = false;
  if (sig === 'valid') {
    values = { ...values, ...prefillOf(ctx.query) };
    locked = prefillOf(ctx.query).amount !== undefined;
  }
  let lockedAmount: bigint | null = null;
  if (ctx.retryOf) {
    const [prev] = isUuid(ctx.retryOf)
      ? await db
          .select()
          .from(payments)
          .where(and(eq(payments.id, ctx.retryOf), eq(payments.platformId, platform.id)))
      : [];
    if (!prev || !['failed', 'canceled'].includes(prev.state)) return { ok: false, error: 'retryInvalid' };
    if (prev.amountLocked) lockedAmount = prev.amount;
  }
  const parsed = payerSchema({ unit: settings.displayUnit, min: settings.minAmount, max: settings.maxAmount }).safeParse(
    lockedAmount !== null ? { ...values, amount: amountInUnit(lockedAmount, settings.displayUnit) } : values,
  );
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const v = parsed.data;
  const refused = await throttlePayer(db, ctx.ip, v.mobile);
  if (refused) return refused;
  if (await linkIsBusy(db, platform.id)) return { ok: false, error: 'linkBusy' };
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
    if (!link.gateways.includes(v.gateway)) return { ok: false, error: 'invalid', fieldErrors: { gateway: 'gatewayRequired' } };
    const p = await createPayment(db, common);
    const started = await startPayment(db, p.id, v.gateway, ctx.baseUrl);
    if (!started.ok) return { ok: false, error: started.error === 'gatewayRefused' ? 'gatewayRefused' : 'gatewayUnavailable', reason: started.reason };
    return { ok: true, redirect: started.pageUrl };
  }
  if (!settings.acceptSlips) return { ok: false, error: 'slipsNotAccepted' };
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
  return { ok: true, redirect: `/pay/receipt/${payment.id}` };
}

export type SlipDecision =
  { ok: true; payment: Payment } | { ok: false; error: 'invalid'; fieldErrors: FieldErrors } | { ok: false; error: 'notFound' | 'alreadyDecided' };

/**
 * The merchant (or staff, `asStaff`) confirms a slip matches the bank account — only then does
 * it count — or rejects it with a reason. Twenty at once decide it once.
 */
export async function decideSlip(db: Db, actor: { userId: string; asStaff?: boolean }, input: unknown): Promise<SlipDecision> {
  const parsed = slipDecisionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const { paymentId, approve, reason } = parsed.data;
  const [row] = await db
    .select({ payment: payments, ownerId: platforms.userId })
    .from(payments)
    .innerJoin(platforms, eq(platforms.id, payments.platformId))
    .where(and(eq(payments.id, paymentId), eq(payments.method, 'slip')));
  if (!row || (!actor.asStaff && row.ownerId !== actor.userId)) return { ok: false, error: 'notFound' };
  if (row.payment.state !== 'awaiting_confirmation') return { ok: false, error: 'alreadyDecided' };
  // The slip records who decided inside the move's own transaction, and only for the call that
  // moved the payment: a racing loser (merchant against staff) changes nothing.
  const record = async (tx: Tx) => {
    await tx
      .update(depositSlips)
      .set({ decidedBy: actor.userId, decidedAt: new Date(), reason: reason || null })
      .where(eq(depositSlips.paymentId, paymentId));
  };
  const moved = approve
    ? await succeed(db, row.payment, { ref: null, cardMasked: null }, ['awaiting_confirmation'], record)
    : await fail(db, row.payment, reason, { from: ['awaiting_confirmation'], within: record });
  if (!moved.moved || !moved.payment) return { ok: false, error: 'alreadyDecided' };
  return { ok: true, payment: moved.payment };
}

export type LinkPaymentFilters = { q?: string; state?: string; method?: string; page?: number };
export const PAGE_SIZE = 25;

/** The merchant's report of link payments, newest first, with their slips. */
export async function listLinkPayments(db: Db, userId: string, f: LinkPaymentFilters = {}) {
  const conds: (SQL | undefined)[] = [eq(platforms.userId, userId), inArray(payments.source, ['link'])];
  if (f.state && (paymentState.enumValues as readonly string[]).includes(f.state)) {
    conds.push(eq(payments.state, f.state as Payment['state']));
  }
  if (f.method === 'online' || f.method === 'slip') conds.push(eq(payments.method, f.method));
  const q = withoutControls(f.q ?? '')
    .trim()
    .slice(0, 60);
  if (q) {
    const like = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(payments.trackingCode, like), ilike(payments.payerName, like), ilike(payments.payerMobile, like), ilike(payments.gatewayRef, like)));
  }
  const where = and(...conds);
  const page = Math.max(1, Math.floor(f.page ?? 1));
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ payment: payments, slip: depositSlips, platformName: platforms.name, unit: paymentLinkSettings.displayUnit })
      .from(payments)
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .leftJoin(depositSlips, eq(depositSlips.paymentId, payments.id))
      .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, payments.platformId))
      .where(where)
      .orderBy(desc(payments.createdAt))
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(payments)
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .where(where),
  ]);
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

/** One-off links made through the API. */
export async function createOneOffLink(
  db: Db,
  input: { platformId: string; amount: bigint; description?: string | null; expiresAt?: Date | null; usageLimit: number; livemode: boolean },
) {
  const code = randomBytes(9).toString('base64url');
  const [row] = await db
    .insert(oneOffLinks)
    .values({ ...input, code, description: input.description ?? null, expiresAt: input.expiresAt ?? null })
    .returning();
  return row;
}

export async function publicOneOffLink(db: Db, code: string) {
  if (!/^[A-Za-z0-9_-]{12}$/.test(code)) return null;
  const [row] = await db
    .select({ link: oneOffLinks, platform: platforms, settings: paymentLinkSettings })
    .from(oneOffLinks)
    .innerJoin(platforms, eq(platforms.id, oneOffLinks.platformId))
    .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, oneOffLinks.platformId))
    .where(eq(oneOffLinks.code, code));
  if (!row) return null;
  const usable = row.link.livemode ? row.platform.status === 'approved' : row.platform.status !== 'suspended';
  const expired = (row.link.expiresAt && row.link.expiresAt <= new Date()) || row.link.usedCount >= row.link.usageLimit;
  const offered = liveGateways();
  const gateways: GatewayId[] = row.link.livemode
    ? ((row.settings?.gateways.length ? row.settings.gateways : offered).filter((g) => offered.includes(g as GatewayId)) as GatewayId[])
    : ['sandbox'];
  return { ...row, usable, expired: Boolean(expired), gateways };
}

/** The payer's submit on a one-off link: claims one use (released if the payment fails). */
export async function payByOneOffLink(db: Db, code: string, input: Record<string, unknown>, ctx: { baseUrl: string; ip: string }): Promise<PayResult> {
  const link = await publicOneOffLink(db, code);
  if (!link || !link.usable || link.expired) return { ok: false, error: 'notFound' };
  const unit = link.settings?.displayUnit ?? 'rial';
  const amountText = amountInUnit(link.link.amount, unit);
  const parsed = payerSchema({ unit, min: link.link.amount, max: link.link.amount }).safeParse({ ...input, amount: amountText, method: 'online' });
  if (!parsed.success) return { ok: false, error: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const v = parsed.data;
  if (v.method !== 'online' || !link.gateways.includes(v.gateway)) return { ok: false, error: 'invalid', fieldErrors: { gateway: 'gatewayRequired' } };
  const refused = await throttlePayer(db, ctx.ip, v.mobile);
  if (refused) return refused;
  const payment = await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(oneOffLinks)
      .set({ usedCount: sql`${oneOffLinks.usedCount} + 1` })
      .where(and(eq(oneOffLinks.id, link.link.id), sql`${oneOffLinks.usedCount} < ${oneOffLinks.usageLimit}`))
      .returning();
    if (!claimed) return null;
    return createPayment(tx, {
      platformId: link.platform.id,
      source: 'link',
      livemode: link.link.livemode,
      amount: link.link.amount,
      payerName: v.name,
      payerMobile: v.mobile,
      payerPhone: v.phone || null,
      description: link.link.description ?? (v.description || null),
      amountLocked: true,
      oneOffLinkId: link.link.id,
    });
  });
  if (!payment) return { ok: false, error: 'notFound' };
  const started = await startPayment(db, payment.id, v.gateway, ctx.baseUrl);
  if (!started.ok) return { ok: false, error: started.error === 'gatewayRefused' ? 'gatewayRefused' : 'gatewayUnavailable', reason: started.reason };
  return { ok: true, redirect: started.pageUrl };
}
