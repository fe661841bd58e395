import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db';
import { oneOffLinks, paymentLinkSettings, platforms } from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { liveGateways, type GatewayId } from '@/lib/gateways';
import { amountInUnit } from '@/lib/money';
import { err, fieldErr, invalid } from '@/lib/result';
import { payerSchema, type payByOneOffSchema } from '@/lib/validation/payments';
import { createPayment, startPayment } from './index';
import { startedAnswer, throttlePayer, type PayResult } from './pay-by-link';

/**
 * One-off links: made through the API for one amount, used a set number of times, then gone.
 */

export type NewOneOffLink = { amount: bigint; description?: string | null; expiresAt?: Date | null; usageLimit: number; livemode: boolean };

/** A one-off link of the calling platform, audited in the same transaction. */
export async function createOneOffLink(db: Db, actor: ApiActor, input: NewOneOffLink) {
  const code = randomBytes(9).toString('base64url');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(oneOffLinks)
      .values({ ...input, platformId: actor.platformId, code, description: input.description ?? null, expiresAt: input.expiresAt ?? null })
      .returning();
    await audit(tx, actor, {
      action: 'one_off_link.created',
      objectType: 'one_off_link',
      objectId: row.id,
      after: { platformId: row.platformId, amount: row.amount, usageLimit: row.usageLimit, expiresAt: row.expiresAt, livemode: row.livemode },
    });
    return row;
  });
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
  const offered = await liveGateways(db);
  const gateways: GatewayId[] = row.link.livemode
    ? ((row.settings?.gateways.length ? row.settings.gateways : offered).filter((g) => offered.includes(g as GatewayId)) as GatewayId[])
    : ['sandbox'];
  return { ...row, usable, expired: Boolean(expired), gateways };
}

/** The payer's submit on a one-off link: claims one use (released if the payment fails). */
export async function payByOneOffLink(db: Db, input: z.input<typeof payByOneOffSchema>, ctx: { baseUrl: string; ip: string }): Promise<PayResult> {
  const link = await publicOneOffLink(db, input.code);
  if (!link || !link.usable || link.expired) return err('notFound');
  const unit = link.settings?.displayUnit ?? 'rial';
  const amountText = amountInUnit(link.link.amount, unit);
  const parsed = payerSchema({ unit, min: link.link.amount, max: link.link.amount }).safeParse({ ...input.payer, amount: amountText, method: 'online' });
  if (!parsed.success) return invalid(parsed.error);
  const v = parsed.data;
  if (v.method !== 'online' || !link.gateways.includes(v.gateway)) return fieldErr({ gateway: 'gatewayRequired' });
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
  if (!payment) return err('notFound');
  return startedAnswer(await startPayment(db, payment.id, v.gateway, ctx.baseUrl));
}
