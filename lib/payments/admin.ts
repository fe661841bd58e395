import { and, desc, eq, ilike, isNull, or } from 'drizzle-orm';
import type { Db } from '@/db';
import { depositSlips, paymentAlerts, paymentLinkSettings, payments, platforms, users } from '@/db/schema';
import { withoutControls } from '@/lib/validation/text';

/** What staff watch: open alerts, slips waiting for a decision, and the latest payments. */
export async function staffOverview(db: Db, q?: string) {
  const search = withoutControls(q ?? '')
    .trim()
    .slice(0, 60);
  const like = search ? `%${search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
  const cols = {
    payment: payments,
    platformName: platforms.name,
    merchant: { firstName: users.firstName, lastName: users.lastName, mobile: users.mobile },
    unit: paymentLinkSettings.displayUnit,
  };
  const base = () =>
    db
      .select({ ...cols, slip: depositSlips })
      .from(payments)
      .innerJoin(platforms, eq(platforms.id, payments.platformId))
      .innerJoin(users, eq(users.id, platforms.userId))
      .leftJoin(paymentLinkSettings, eq(paymentLinkSettings.platformId, payments.platformId))
      .leftJoin(depositSlips, eq(depositSlips.paymentId, payments.id));
  const [alerts, slips, recent] = await Promise.all([
    db
      .select({ alert: paymentAlerts, trackingCode: payments.trackingCode })
      .from(paymentAlerts)
      .leftJoin(payments, eq(payments.id, paymentAlerts.paymentId))
      .where(isNull(paymentAlerts.resolvedAt))
      .orderBy(desc(paymentAlerts.createdAt))
      .limit(50),
    base().where(eq(payments.state, 'awaiting_confirmation')).orderBy(payments.createdAt).limit(50),
    base()
      .where(
        like ? or(ilike(payments.trackingCode, like), ilike(payments.orderId, like), ilike(payments.gatewayRef, like), ilike(users.mobile, like)) : undefined,
      )
      .orderBy(desc(payments.createdAt))
      .limit(50),
  ]);
  return { alerts, slips, recent };
}

export async function resolveAlert(db: Db, adminId: string, alertId: string): Promise<boolean> {
  const rows = await db
    .update(paymentAlerts)
    .set({ resolvedAt: new Date(), resolvedBy: adminId })
    .where(and(eq(paymentAlerts.id, alertId), isNull(paymentAlerts.resolvedAt)))
    .returning({ id: paymentAlerts.id });
  return rows.length === 1;
}
