import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { eq, inArray } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { payoutBatches, payouts } from '@/db/schema';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { localStorage } from '@/lib/storage';
import { testDb } from '@/test/db';
import { makeAdmin, staffActorOf } from '@/test/fixtures';
import { cancelPayout, decidePayout, requestPayout } from '.';
import { applyBatchResult, buildBatch, getBatchFile, markBatchSent, settleBatchPayout, transferReference } from './batches';
import { PAYA_HEADERS, payaFileRail } from './rails/paya-file';
import { getBatchDetail, listBatches, listPayoutQueue, listPendingAccounts, payoutTotals } from './staff-views';
import { fundedMerchant } from './fixtures';

const db = testDb();
const GOLDEN = path.join(import.meta.dirname, '__golden__', 'paya-batch.xlsx');

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function tempStorage() {
  return localStorage(await mkdtemp(path.join(tmpdir(), 'dargah-batches-')));
}

/** A platform with `withdrawable` Rials and the merchant's KYC account (sheba `sheba`) approved. */
async function funded(withdrawable: bigint, sheba = 'IR820540102680020817909002') {
  const { actor, account, ...made } = await fundedMerchant(db, withdrawable, { sheba });
  const request = async (amount: bigint) => {
    const r = await requestPayout(db, actor, { platformId: made.platform.id, bankAccountId: account.id, amount });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.data;
  };
  return { ...made, actor, account, request };
}

async function approved(staff: ReturnType<typeof staffActorOf>, p: { id: string }) {
  const r = await decidePayout(db, staff, { payoutId: p.id, approve: true });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return p;
}

/** Every cell of every sheet, with its number format: what "the same workbook" means here. */
async function cells(bytes: Buffer | ArrayBuffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const out: { sheet: string; rtl: boolean; rows: { value: unknown; numFmt: string | undefined }[][] } = {
      sheet: ws.name,
      rtl: !!ws.views[0]?.rightToLeft,
      rows: [],
    };
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const r: { value: unknown; numFmt: string | undefined }[] = [];
      row.eachCell({ includeEmpty: true }, (c) => r.push({ value: c.value, numFmt: c.numFmt }));
      out.rows[n - 1] = r;
    });
    return out;
  });
}

describe('payout batches', () => {
  it('takes only approved payouts in no batch, once; records count and total; the file lists them', async () => {
    const staff = staffActorOf(await makeAdmin(db));
    const storage = await tempStorage();
    const a = await funded(5_000_000n);
    const [p1, p2, requested, canceled, rejected] = [
      await a.request(1_000_000n),
      await a.request(700_000n),
      await a.request(300_000n),
      await a.request(200_000n),
      await a.request(150_000n),
    ];
    await approved(staff, p1);
    await approved(staff, p2);
    await cancelPayout(db, a.actor, { payoutId: canceled.id });
    await decidePayout(db, staff, { payoutId: rejected.id, approve: false, reason: 'no' });
    const mine = [p1, p2, requested, canceled, rejected].map((p) => p.id);
    const built = await buildBatch(db, staff, { payoutIds: mine }, { storage });
    if (!built.ok) throw new Error(JSON.stringify(built));
    expect(built.data).toMatchObject({ count: 2, total: 1_700_000n, state: 'built', rail: 'paya-file' });
    expect(built.data.reference).toMatch(/^PAYA-\d{8}-[0-9A-F]{8}$/);
    const rows = await db.select({ id: payouts.id, batchId: payouts.batchId }).from(payouts).where(inArray(payouts.id, mine));
    expect(
      rows
        .filter((r) => r.batchId === built.data.id)
        .map((r) => r.id)
        .sort(),
    ).toEqual([p1.id, p2.id].sort());
    // Never twice: the same payouts again make no batch.
    expect(await buildBatch(db, staff, { payoutIds: mine }, { storage })).toEqual({ ok: false, error: 'nothingToBatch' });
    expect(await buildBatch(db, staff, { payoutIds: ['not-a-uuid'] }, { storage })).toEqual({ ok: false, error: 'nothingToBatch' });

    const file = await getBatchFile(db, staff, built.data.id, { storage });
    expect(file?.fileName).toBe(`${built.data.reference}.xlsx`);
    const [sheet] = await cells(file!.bytes);
    expect(sheet.rows[0].map((c) => c.value)).toEqual([...PAYA_HEADERS]);
    expect(sheet.rows.slice(1).map((r) => r.map((c) => c.value))).toEqual([
      [1, a.account.sheba, 1_000_000, 'مریم احمدی', 'تسویه fixture', transferReference(p1.id), built.data.reference],
      [2, a.account.sheba, 700_000, 'مریم احمدی', 'تسویه fixture', transferReference(p2.id), built.data.reference],
    ]);
  });

  it('racing builds: every approved payout lands in exactly one batch', async () => {
    const staff = staffActorOf(await makeAdmin(db));
    const storage = await tempStorage();
    const a = await funded(10_000_000n);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await approved(staff, await a.request(200_000n + BigInt(i)))).id);
    const results = await Promise.all(Array.from({ length: 5 }, () => buildBatch(db, staff, { payoutIds: ids }, { storage })));
    const won = results.filter((r) => r.ok);
    expect(won.length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error === 'nothingToBatch')).toBe(true);
    expect(won.reduce((n, r) => n + (r.ok ? r.data.count : 0), 0)).toBe(6);
    const rows = await db.select({ batchId: payouts.batchId }).from(payouts).where(inArray(payouts.id, ids));
    expect(rows.every((r) => r.batchId && won.some((w) => w.ok && w.data.id === r.batchId))).toBe(true);
    // A losing build left no empty batch behind.
    for (const w of won) if (w.ok) expect((await db.select().from(payoutBatches).where(eq(payoutBatches.id, w.data.id)))[0].count).toBeGreaterThan(0);
  });

  it('the file for a fixed set of payouts equals the committed golden file, cell by cell', async () => {
    const file = await payaFileRail.buildFile({
      reference: 'PAYA-14040901-0A1B2C3D',
      createdAt: new Date('2025-11-22T06:30:00Z'),
      transfers: [
        {
          payoutId: '11111111-1111-4111-8111-111111111111',
          reference: '11111111111141118111111111111111',
          sheba: 'IR820540102680020817909002',
          amount: 12_500_000n,
          holderName: 'مریم احمدی',
          description: 'تسویه فروشگاه نمونه',
        },
        {
          payoutId: '22222222-2222-4222-8222-222222222222',
          reference: '22222222222242228222222222222222',
          sheba: 'IR110170000000123456789001',
          amount: 480_000_000_000n,
          holderName: 'شرکت نمونه پرداز',
          description: 'x'.repeat(120),
        },
      ],
    });
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
      // Writing the golden file is a decision: run with UPDATE_GOLDEN=1 and commit it.
      if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`missing ${GOLDEN}: run with UPDATE_GOLDEN=1`);
      await writeFile(GOLDEN, file.bytes);
    }
    expect(await cells(file.bytes)).toEqual(await cells(await readFile(GOLDEN)));
  });

  it('sent, then the bank’s result file: paid and returned rows settle once; a second upload changes nothing; the batch closes', async () => {
    const staff = staffActorOf(await makeAdmin(db));
    const storage = await tempStorage();
    const a = await funded(3_000_000n);
    const b = await funded(3_000_000n, 'IR110170000000123456789001');
    const pa = await approved(staff, await a.request(1_000_000n));
    const pb = await approved(staff, await b.request(2_000_000n));
    const built = await buildBatch(db, staff, { payoutIds: [pa.id, pb.id] }, { storage });
    if (!built.ok) throw new Error('build');
    const id = built.data.id;
    const csv = [
      'شناسه واریز,شماره شبا,وضعیت,شماره پیگیری,علت برگشت',
      `${transferReference(pa.id)},,موفق,۱۴۰۴۰۹۰۱۰۰۱,`,
      `,${b.account.sheba},برگشتی,,"حساب مسدود است"`,
      `ffffffffffffffffffffffffffffffff,,paid,1,`,
      `${transferReference(pa.id)},,نامعلوم,,`,
    ].join('\r\n');
    // Not before the batch went to the bank.
    expect(await applyBatchResult(db, staff, { batchId: id, bytes: Buffer.from(csv) })).toEqual({ ok: false, error: 'batchNotSent' });
    expect(await markBatchSent(db, staff, { batchId: id })).toEqual({ ok: true, data: { sent: 2 } });
    expect(await platformBalances(db, b.platform.id)).toEqual({ pending: 0n, withdrawable: 1_000_000n });

    expect(await applyBatchResult(db, staff, { batchId: id, bytes: Buffer.from('hello') })).toEqual({ ok: false, error: 'resultFileInvalid' });
    const first = await applyBatchResult(db, staff, { batchId: id, bytes: Buffer.from(csv) });
    expect(first).toEqual({
      ok: true,
      data: {
        paid: 1,
        returned: 1,
        unchanged: 0,
        closed: true,
        errors: [
          { line: 4, error: 'rowUnmatched' },
          { line: 5, error: 'statusUnknown' },
        ],
      },
    });
    const [rowA] = await db.select().from(payouts).where(eq(payouts.id, pa.id));
    const [rowB] = await db.select().from(payouts).where(eq(payouts.id, pb.id));
    expect([rowA.state, rowA.bankRef, rowB.state, rowB.reason]).toEqual(['paid', '14040901001', 'returned', 'حساب مسدود است']);
    expect(await platformBalances(db, b.platform.id)).toEqual({ pending: 0n, withdrawable: 3_000_000n });
    expect(await platformBalances(db, a.platform.id)).toEqual({ pending: 0n, withdrawable: 2_000_000n });

    const again = await applyBatchResult(db, staff, { batchId: id, bytes: Buffer.from(csv) });
    expect(again.ok && again.data).toMatchObject({ paid: 0, returned: 0, unchanged: 2, closed: true });
    expect(await platformBalances(db, b.platform.id)).toEqual({ pending: 0n, withdrawable: 3_000_000n });
    const [batch] = await db.select().from(payoutBatches).where(eq(payoutBatches.id, id));
    expect(batch.state).toBe('closed');
  });

  it('one by one: paid and returned by hand (the xlsx result too), the batch closes with the last', async () => {
    const staff = staffActorOf(await makeAdmin(db));
    const storage = await tempStorage();
    const a = await funded(3_000_000n);
    const p1 = await approved(staff, await a.request(1_000_000n));
    const p2 = await approved(staff, await a.request(500_000n));
    const built = await buildBatch(db, staff, { payoutIds: [p1.id, p2.id] }, { storage });
    if (!built.ok) throw new Error('build');
    await markBatchSent(db, staff, { batchId: built.data.id });
    expect(await settleBatchPayout(db, staff, { batchId: built.data.id, payoutId: p1.id, outcome: 'returned' })).toMatchObject({
      ok: false,
      fieldErrors: { reason: 'reasonRequired' },
    });
    expect((await settleBatchPayout(db, staff, { batchId: built.data.id, payoutId: p1.id, outcome: 'paid', bankRef: 'R-1' })).ok).toBe(true);
    expect((await listBatches(db, staff)).find((b) => b.id === built.data.id)).toMatchObject({ state: 'sent', paid: 1, returned: 0, open: 1 });
    // The xlsx form of the result file, by reference.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('result');
    ws.addRow(['reference', 'status', 'bank reference', 'reason']);
    ws.addRow([transferReference(p2.id), 'returned', '', 'Account closed']);
    const r = await applyBatchResult(db, staff, { batchId: built.data.id, bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(r.ok && r.data).toMatchObject({ paid: 0, returned: 1, closed: true, errors: [] });
    expect(await platformBalances(db, a.platform.id)).toEqual({ pending: 0n, withdrawable: 2_000_000n });
    expect(await markBatchSent(db, staff, { batchId: built.data.id })).toEqual({ ok: false, error: 'batchClosed' });
  });

  it('staff only: a merchant gets nothing; another batch’s id gets nothing', async () => {
    const staff = staffActorOf(await makeAdmin(db));
    const storage = await tempStorage();
    const a = await funded(3_000_000n);
    const p1 = await approved(staff, await a.request(1_000_000n));
    const p2 = await approved(staff, await a.request(600_000n));
    const one = await buildBatch(db, staff, { payoutIds: [p1.id] }, { storage });
    const two = await buildBatch(db, staff, { payoutIds: [p2.id] }, { storage });
    if (!one.ok || !two.ok) throw new Error('build');
    await markBatchSent(db, staff, { batchId: one.data.id });
    await markBatchSent(db, staff, { batchId: two.data.id });
    const merchant = a.actor;
    expect(await buildBatch(db, merchant, {}, { storage })).toEqual({ ok: false, error: 'notFound' });
    expect(await markBatchSent(db, merchant, { batchId: one.data.id })).toEqual({ ok: false, error: 'notFound' });
    expect(await settleBatchPayout(db, merchant, { batchId: one.data.id, payoutId: p1.id, outcome: 'paid' })).toEqual({ ok: false, error: 'notFound' });
    expect(await applyBatchResult(db, merchant, { batchId: one.data.id, bytes: Buffer.from('a') })).toEqual({ ok: false, error: 'notFound' });
    expect(await getBatchFile(db, merchant, one.data.id, { storage })).toBeNull();
    expect(await listBatches(db, merchant)).toEqual([]);
    expect(await getBatchDetail(db, merchant, one.data.id)).toBeNull();
    expect(await listPayoutQueue(db, merchant)).toEqual([]);
    expect(await listPendingAccounts(db, merchant)).toEqual([]);
    expect(await payoutTotals(db, merchant)).toBeNull();
    // p2 is in batch two: through batch one's id it is not found, and stays sent.
    expect(await settleBatchPayout(db, staff, { batchId: one.data.id, payoutId: p2.id, outcome: 'paid' })).toEqual({ ok: false, error: 'notFound' });
    expect(await settleBatchPayout(db, staff, { batchId: 'x', payoutId: p2.id, outcome: 'paid' })).toEqual({ ok: false, error: 'notFound' });
    const [row] = await db.select().from(payouts).where(eq(payouts.id, p2.id));
    expect(row.state).toBe('sent');
    expect(await getBatchDetail(db, staff, '00000000-0000-4000-8000-000000000000')).toBeNull();
    // Leave the money where it belongs: settle what this test sent.
    await settleBatchPayout(db, staff, { batchId: one.data.id, payoutId: p1.id, outcome: 'paid' });
    await settleBatchPayout(db, staff, { batchId: two.data.id, payoutId: p2.id, outcome: 'paid' });
  });

  it('staff views: the queue notes a new account and a first payout; totals count in flight and today', async () => {
    const staff = staffActorOf(await makeAdmin(db));
    const a = await funded(3_000_000n);
    const p = await a.request(400_000n);
    const row = (await listPayoutQueue(db, staff)).find((r) => r.payout.id === p.id);
    expect(row).toMatchObject({ platformName: 'fixture', sheba: a.account.sheba, risks: ['newAccount', 'firstPayout'] });
    const later = (await listPayoutQueue(db, staff, { now: new Date(Date.now() + 25 * 3600_000) })).find((r) => r.payout.id === p.id);
    expect(later?.risks).toEqual(['firstPayout']);
    const totals = await payoutTotals(db, staff);
    expect(totals!.inFlight.count).toBeGreaterThanOrEqual(1);
    expect(totals!.inFlight.total).toBeGreaterThanOrEqual(400_000n);
    await cancelPayout(db, a.actor, { payoutId: p.id });
  });
});
