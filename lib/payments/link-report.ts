import { and, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { depositSlips, paymentLinkSettings, payments, paymentState, platforms, type Payment } from '@/db/schema';
import { ownedBy, type Actor } from '@/lib/actor';
import { withoutControls } from '@/lib/validation/text';

export type LinkPaymentFilters = { q?: string; state?: string; method?: string; page?: number };
export const PAGE_SIZE = 25;

/** The report of link payments the actor may see (a merchant: its own), newest first, with their slips. */
export async function listLinkPayments(db: Db, actor: Actor, f: LinkPaymentFilters = {}) {
  const conds: (SQL | undefined)[] = [ownedBy(actor, platforms.userId), inArray(payments.source, ['link'])];
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
