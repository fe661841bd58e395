import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { actorOf } from '@/lib/actor';
import { createDb } from '@/db';
import { generatePayments } from '@/db/generate';
import { merchantMembers, reportExports } from '@/db/schema';
import { upsertUser } from '@/lib/auth/accounts';
import { uniqueMobile } from '@/test/db';
import { localStorage } from '@/lib/storage';
import { makePlatform } from '@/test/fixtures';
import { getExport, runExport } from './background';

const { db, client } = createDb(process.env.DATABASE_URL!, { max: 5 });
afterAll(() => client.end({ timeout: 5 }));
const root = mkdtempSync(path.join(os.tmpdir(), 'dargah-bg-'));
const storage = localStorage(root);

describe('background exports', () => {
  it('builds the file in the worker with progress, for its owner only', async () => {
    const { merchant, platform } = await makePlatform(db);
    const stranger = await makePlatform(db);
    await generatePayments(client, { platformIds: [platform.id], n: 25_000, until: new Date('2023-01-01T00:00:00Z') });
    const [row] = await db
      .insert(reportExports)
      .values({ userId: merchant.id, filters: { sort: 'amount_desc' }, format: 'xlsx' })
      .returning();
    await runExport(db, client, storage, row.id);
    const done = await getExport(db, actorOf(merchant), row.id);
    expect(done).toMatchObject({ state: 'done', done: 25_000, total: 25_000 });
    expect(await getExport(db, actorOf(stranger.merchant), row.id)).toBeNull();
    expect(await getExport(db, actorOf(merchant), 'not-a-uuid')).toBeNull();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await storage.get(done!.storageKey!))! as unknown as ArrayBuffer);
    expect(wb.worksheets[0].rowCount).toBe(25_001);
    // Running the same job again does nothing.
    await runExport(db, client, storage, row.id);
    const [again] = await db.select().from(reportExports).where(eq(reportExports.id, row.id));
    expect(again.state).toBe('done');
  }, 60_000);

  it("a member's export is of the business it was asked for, and nothing once they no longer read its reports", async () => {
    const { merchant, platform } = await makePlatform(db);
    await generatePayments(client, { platformIds: [platform.id], n: 30, until: new Date('2023-01-01T00:00:00Z') });
    // A person with a business of their own, who is also the accountant of `merchant`'s.
    const member = await upsertUser(db, { mobile: uniqueMobile(), firstName: 'A', lastName: 'C', password: 'member pass phrase', role: 'merchant' });
    await db.insert(merchantMembers).values({ merchantId: merchant.id, userId: member.id, role: 'accountant' });
    const asMember = { kind: 'merchant' as const, userId: member.id, merchantId: merchant.id, role: 'accountant' as const };
    const queue = async () =>
      (await db.insert(reportExports).values({ userId: member.id, merchantId: merchant.id, filters: {}, format: 'csv' }).returning())[0];
    const first = await queue();
    await runExport(db, client, storage, first.id);
    expect(await getExport(db, asMember, first.id)).toMatchObject({ state: 'done', done: 30 });
    // Read within the business it was made for only: not from the member's own.
    expect(await getExport(db, actorOf(member), first.id)).toBeNull();
    // Made a developer (no reports): the next export gives nothing.
    await db.update(merchantMembers).set({ role: 'developer' }).where(eq(merchantMembers.userId, member.id));
    const second = await queue();
    await runExport(db, client, storage, second.id);
    const [failed] = await db.select().from(reportExports).where(eq(reportExports.id, second.id));
    expect(failed).toMatchObject({ state: 'failed', storageKey: null });
  }, 60_000);
});
