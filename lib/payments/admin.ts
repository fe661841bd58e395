import { and, desc, eq, ilike, isNull, or } from 'drizzle-orm';
import type { Db } from '@/db';
import { depositSlips, paymentAlerts, paymentLinkSettings, payments, platforms, users } from '@/db/schema';
import { assertStaff, type StaffActor } from '@/lib/actor';
import { assertStaffMay } from '@/lib/staff/permissions';
import { audit } from '@/lib/audit';
import { err, ok, type Result } from '@/lib/result';
import type { resolveAlertSchema } from '@/lib/validation/payments';
import { withoutControls } from '@/lib/validation/text';
import type { z } from 'zod';

/** What staff watch: open alerts, slips waiting for a decision, and the latest payments (searched by `q`). */
export async function staffOverview(db: Db, actor: StaffActor, f: { q?: string } = {}) {
  assertStaff(actor);
  const search = withoutControls(f.q ?? '')
    .trim()
    .slice(0, 60);
  const like = search ? `%${search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
  const cols = {
    payment: payments,
    platformName: platforms.name,
    merchant: { id: users.id, firstName: users.firstName, lastName: users.lastName, mobile: users.mobile },
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

/** Staff mark an open alert handled; audited in the same transaction. */
export async function resolveAlert(db: Db, actor: StaffActor, input: z.output<typeof resolveAlertSchema>): Promise<Result<undefined, 'notFound'>> {
  assertStaffMay(actor, 'payments');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(paymentAlerts)
      .set({ resolvedAt: new Date(), resolvedBy: actor.userId })
      .where(and(eq(paymentAlerts.id, input.alertId), isNull(paymentAlerts.resolvedAt)))
      .returning();
    if (!row) return err('notFound');
    const [owner] = row.paymentId
      ? await tx
          .select({ merchantId: platforms.userId })
          .from(payments)
          .innerJoin(platforms, eq(platforms.id, payments.platformId))
          .where(eq(payments.id, row.paymentId))
      : [];
    await audit(tx, actor, {
      action: 'payment_alert.resolved',
      objectType: 'payment_alert',
      objectId: row.id,
      merchantId: owner?.merchantId ?? null,
      before: { resolvedAt: null },
      after: { resolvedAt: row.resolvedAt, kind: row.kind },
    });
    return ok();
  });
}
