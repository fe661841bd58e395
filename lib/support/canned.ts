import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { cannedAnswers, type CannedAnswer } from '@/db/schema';
import type { StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { err, ok, type Result } from '@/lib/result';
import { assertStaffMay } from '@/lib/staff/permissions';
import type { z } from 'zod';
import type { cannedAnswerSchema } from './schemas';

/** Staff's saved answers: for one language, or for any (`locale` null). */

/** The answers for a reply in `locale` (that language's and the plain ones), or all of them. */
export async function listCannedAnswers(db: DbOrTx, staff: StaffActor, locale?: string): Promise<CannedAnswer[]> {
  assertStaffMay(staff, 'support', 'read');
  return db
    .select()
    .from(cannedAnswers)
    .where(locale ? or(isNull(cannedAnswers.locale), eq(cannedAnswers.locale, locale)) : undefined)
    .orderBy(asc(cannedAnswers.title))
    .limit(500);
}

export async function saveCannedAnswer(db: Db, staff: StaffActor, input: z.output<typeof cannedAnswerSchema>): Promise<Result<CannedAnswer>> {
  assertStaffMay(staff, 'support');
  const values = { title: input.title, body: input.body, locale: input.locale || null };
  return db.transaction(async (tx) => {
    const [row] = input.id
      ? await tx
          .update(cannedAnswers)
          .set({ ...values, updatedAt: sql`now()` })
          .where(eq(cannedAnswers.id, input.id))
          .returning()
      : await tx
          .insert(cannedAnswers)
          .values({ ...values, createdBy: staff.userId })
          .returning();
    if (!row) return err('notFound');
    await audit(tx, staff, { action: input.id ? 'update' : 'create', objectType: 'canned_answer', objectId: row.id, merchantId: null, after: values });
    return ok(row);
  });
}

export async function removeCannedAnswer(db: Db, staff: StaffActor, id: string): Promise<Result<undefined>> {
  assertStaffMay(staff, 'support');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(cannedAnswers)
      .where(and(eq(cannedAnswers.id, id)))
      .returning({ id: cannedAnswers.id, title: cannedAnswers.title });
    if (!row) return err('notFound');
    await audit(tx, staff, { action: 'remove', objectType: 'canned_answer', objectId: row.id, merchantId: null, before: { title: row.title } });
    return ok();
  });
}
