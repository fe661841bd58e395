import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { and, eq, sql, lt } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Db } from '@/db';
import { paymentLinkSettings, platforms, reportExports, users } from '@/db/schema';
import { ownedBy, type Actor, type MerchantActor, type StaffActor } from '@/lib/actor';
import { actorWithRoles } from '@/lib/staff';
import { merchantActorFor } from '@/lib/teams/actor';
import { can } from '@/lib/teams/permissions';
import { env } from '@/lib/env';
import { getBoss, QUEUES } from '@/lib/jobs/boss';
import type { DisplayUnit } from '@/lib/money';
import { isLocale } from '@/lib/i18n/config';
import type { FileStorage } from '@/lib/storage';
import { isUuid } from '@/lib/validation/ids';
import { exportTransactions, type ExportFormat } from './export';
import { readFilters } from './filters';

/** The saved filters' key holding the language the export was asked in (no report filter has this name). */
export const EXPORT_LOCALE = '_locale';

/** Exports above 50 000 rows run in the worker; the file is kept 24 hours for its owner only. */
export const KEEP_MS = 24 * 3600_000;

/** The unit a merchant reads amounts in: Toman when every payment link of theirs shows Toman; Rials for staff. */
export async function merchantUnit(db: Db, actor: Actor): Promise<DisplayUnit> {
  if (actor.kind === 'staff') return 'rial';
  const rows = await db
    .select({ unit: paymentLinkSettings.displayUnit })
    .from(paymentLinkSettings)
    .innerJoin(platforms, eq(platforms.id, paymentLinkSettings.platformId))
    .where(ownedBy(actor, platforms.userId));
  return rows.length > 0 && rows.every((r) => r.unit === 'toman') ? 'toman' : 'rial';
}

/**
 * Queues an export for the person asking. What it may contain is decided when it runs, from that
 * person's actor then (a merchant: its own payments; staff: everyone's).
 */
export async function queueExport(db: Db, actor: MerchantActor | StaffActor, input: { filters: Record<string, string>; format: ExportFormat; total: number }) {
  const [row] = await db
    .insert(reportExports)
    .values({
      userId: actor.userId,
      merchantId: actor.kind === 'merchant' ? actor.merchantId : null,
      filters: input.filters,
      format: input.format,
      total: input.total,
    })
    .returning();
  try {
    const boss = await getBoss(env().DATABASE_URL);
    await boss.send(QUEUES.reportExport, { id: row.id }, { retryLimit: 1, expireInSeconds: 3600 });
  } catch (err) {
    await db
      .update(reportExports)
      .set({ state: 'failed', error: (err as Error).message.slice(0, 300) })
      .where(eq(reportExports.id, row.id));
  }
  return row;
}

/** The job: builds the file on disk, stores it, and reports progress every batch. */
export async function runExport(db: Db, client: postgres.Sql, storage: FileStorage, id: string): Promise<void> {
  const [job] = await db
    .update(reportExports)
    .set({ state: 'running' })
    .where(and(eq(reportExports.id, id), eq(reportExports.state, 'queued')))
    .returning();
  if (!job) return;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dargah-export-'));
  try {
    const [user] = await db.select().from(users).where(eq(users.id, job.userId));
    if (!user) throw new Error('The person who asked for the export is gone');
    // A member's export is of the business it was asked for, read as they may read it now: one removed
    // from it, or no longer allowed its reports, gets nothing.
    // (A row from before teams has no business: it was its founder's own.)
    const wanted = job.merchantId ?? job.userId;
    const actor = user.role === 'merchant' ? await merchantActorFor(db, user, wanted) : await actorWithRoles(db, user);
    if (!actor || (actor.kind === 'merchant' && (actor.merchantId !== wanted || !can(actor, 'reports')))) {
      throw new Error('The person who asked for the export no longer reads this business’s reports');
    }
    const unit = await merchantUnit(db, actor);
    // The amount filters were typed in the reader's unit, as on the report's page.
    const read = readFilters(job.filters, unit);
    if (!read.ok) throw new Error('The saved filters are no longer valid');
    const file = path.join(dir, `export.${job.format}`);
    const out = createWriteStream(file);
    // `total` was counted when the export was queued; the final count replaces it at the end.
    let last = 0;
    const n = await exportTransactions({
      db,
      client,
      actor,
      filters: read.filters,
      format: job.format as ExportFormat,
      unit,
      // The language of the page it was asked from; else the person's own.
      locale: isLocale(job.filters[EXPORT_LOCALE]) ? job.filters[EXPORT_LOCALE] : isLocale(user.locale) ? user.locale : 'fa',
      out,
      onProgress: async (rows) => {
        if (rows - last >= 10_000) {
          last = rows;
          await db.update(reportExports).set({ done: rows }).where(eq(reportExports.id, id));
        }
      },
    });
    await finished(out);
    const key = `exports/${job.userId}/${id}`;
    await storage.putFile(key, file, job.format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await db.update(reportExports).set({ state: 'done', done: n, total: n, storageKey: key, finishedAt: new Date() }).where(eq(reportExports.id, id));
  } catch (err) {
    await db
      .update(reportExports)
      .set({ state: 'failed', error: (err as Error).message.slice(0, 300), finishedAt: new Date() })
      .where(eq(reportExports.id, id));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An export the actor asked for, while it is kept (exports are their asker's alone, staff's too). */
export async function getExport(db: Db, actor: MerchantActor | StaffActor, id: string) {
  // A member who no longer reads reports (made a developer since) no longer reads their old exports either.
  if (!isUuid(id) || !can(actor, 'reports')) return null;
  const [row] = await db
    .select()
    .from(reportExports)
    .where(
      and(
        eq(reportExports.id, id),
        eq(reportExports.userId, actor.userId),
        // A member's exports are read within the business they were made for.
        actor.kind === 'merchant' ? sql`coalesce(${reportExports.merchantId}, ${reportExports.userId}) = ${actor.merchantId}` : undefined,
      ),
    );
  if (!row || row.createdAt.getTime() < Date.now() - KEEP_MS) return null;
  return row;
}

/** Removes exports older than 24 hours, files first. */
export async function sweepExports(db: Db, storage: FileStorage): Promise<number> {
  const old = await db
    .select()
    .from(reportExports)
    .where(lt(reportExports.createdAt, new Date(Date.now() - KEEP_MS)));
  for (const e of old) {
    if (e.storageKey) await storage.remove(e.storageKey).catch(() => {});
    await db.delete(reportExports).where(eq(reportExports.id, e.id));
  }
  return old.length;
}
