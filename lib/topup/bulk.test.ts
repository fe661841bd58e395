import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ledgerLines, ledgerPostings, payments, platforms, refunds, topupBulks, topupOrders } from '@/db/schema';
import { accountFor, ledgerViolations, platformBalances, transfer } from '@/lib/ledger';
import { addPlatform } from '@/lib/platforms';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { testDb, uniqueMobile } from '@/test/db';
import { makeMerchantService, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { scripted } from '@/test/topup-provider';
import { deliverTopup, offeredProducts, runTopupJanitor, setTopupProviderForTests, shares, syncCatalogue } from '.';
import {
  BULK_MAX_BYTES,
  bulkResultsWorkbook,
  bulkTemplateWorkbook,
  deliverBulk,
  getBulkResults,
  parseBulkFile,
  payBulk,
  previewBulk,
  previewBulkUpload,
} from './bulk';

const db = testDb();

/** The data of a result the test expects to be ok. */
function must<T>(r: { ok: true; data: T } | { ok: false; error?: string }): T {
  if (!r.ok) throw new Error(`refused: ${r.error}`);
  return r.data;
}

let p: ReturnType<typeof scripted>;
beforeAll(async () => {
  p = scripted();
  setTopupProviderForTests(p.provider);
  expect((await syncCatalogue(db, p.provider)).ok).toBe(true);
});
afterAll(() => setTopupProviderForTests(null));
afterEach(async () => {
  // Nothing left paid and undelivered: another file's janitor would deliver it with that file's provider and miscount its charges.
  const left = await db
    .select({ bulkId: topupOrders.bulkId })
    .from(topupOrders)
    .where(and(eq(topupOrders.channel, 'bulk'), eq(topupOrders.state, 'paid')));
  for (const id of new Set(left.map((o) => o.bulkId!))) await deliverBulk(db, id);
  Object.assign(p.state, { charge: 'delivered', inquire: [], gate: null });
  p.state.failing.clear();
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

async function chargeShop() {
  const { merchant, merchantServiceId } = await makeMerchantService(db, 'charge');
  const actor = merchantActorOf(merchant);
  const made = await addPlatform(
    db,
    actor,
    addPlatformSchema.parse({ type: 'app', name: 'Staff phones', address: 'ir.bulk.app', expectedMonthlyVolume: '1000000', merchantServiceId }),
  );
  if (!made.ok) throw new Error(made.error);
  await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, made.data.platform.id));
  return { merchant, actor, platform: made.data.platform };
}

/** Money in the platform's withdrawable balance, as settlement would have put it there. */
async function fund(platformId: string, amount: bigint) {
  await db.transaction((tx) =>
    transfer(tx, {
      kind: 'test_fund',
      reference: randomUUID(),
      from: { kind: 'gateway_clearing' },
      to: { kind: 'platform_withdrawable', platformId },
      amount,
    }),
  );
}

type Cell = string | number | null;
async function xlsx(rows: Cell[][], header: Cell[] | null = ['mobile', 'operator', 'product', 'amount']): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('list');
  if (header) ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const withdrawable = async (platformId: string) => (await platformBalances(db, platformId)).withdrawable;
const postingsOf = (kind: string, reference: string) =>
  db
    .select()
    .from(ledgerPostings)
    .where(and(eq(ledgerPostings.kind, kind), eq(ledgerPostings.reference, reference)));

/** What the postings of a bulk and its orders left in topup_clearing (other files' top-ups move it too, at the same time). */
async function heldFor(bulkId: string) {
  const clearing = await accountFor(db, 'topup_clearing');
  const orders = await db.select({ id: topupOrders.id }).from(topupOrders).where(eq(topupOrders.bulkId, bulkId));
  const [row] = await db
    .select({ sum: sql<string>`coalesce(sum(${ledgerLines.amount}), 0)` })
    .from(ledgerLines)
    .innerJoin(ledgerPostings, eq(ledgerPostings.id, ledgerLines.postingId))
    .where(and(eq(ledgerLines.accountId, clearing), inArray(ledgerPostings.reference, [bulkId, ...orders.map((o) => o.id)])));
  return BigInt(row.sum);
}

async function product(upstreamId: string) {
  return (await offeredProducts(db, 'esaj')).find((x) => x.upstreamId === upstreamId)!;
}

describe('bulk top-up: the file and its preview', () => {
  it('previews good rows and refuses each bad one by the rules of every top-up; Persian digits and names welcome', async () => {
    const pkg = await product('mci-pkg-30d-10g');
    const file = await xlsx([
      ['09121234567', '', '', 50_000], // 2: a direct MCI top-up
      ['۰۹۳۵۱۲۳۴۵۶۷', 'ایرانسل', 'ir-wonderful', '۲۰٬۰۰۰'], // 3: Persian digits, the provider's product id
      [9121234567, null, pkg.id, null], // 4: a number cell (no leading zero), our product id, its price
      [null, null, null, null], // blank: skipped
      ['0800000000', '', '', 50_000], // 6
      ['09121234567', 'nokia', '', 50_000], // 7
      ['09121234567', '', 'no-such-product', ''], // 8
      ['09121234567', '', 'ir-wonderful', 20_000], // 9: an Irancell product for an MCI number
      ['09121234567', '', '', 5_000], // 10
      ['09121234567', '', '', ''], // 11
      ['09121234567', 'mci', '', 'fifty'], // 12
    ]);
    const lines = await parseBulkFile(file);
    expect(lines.ok).toBe(true);
    const preview = await previewBulk(db, must(lines));
    const byRow = Object.fromEntries(preview.rows.map((r) => [r.row, r.ok ? 'ok' : r.error]));
    expect(byRow).toEqual({
      2: 'ok',
      3: 'ok',
      4: 'ok',
      6: 'mobileInvalid',
      7: 'operatorUnknown',
      8: 'productUnknown',
      9: 'productOperatorMismatch',
      10: 'amountNotAllowed',
      11: 'amountRequired',
      12: 'amountNotAllowed',
    });
    const ok = preview.rows.filter((r) => r.ok);
    expect(ok.map((r) => [r.mobile, r.operator, r.amount])).toEqual([
      ['09121234567', 'mci', 50_000n],
      ['09351234567', 'irancell', 20_000n],
      ['09121234567', 'mci', 1_500_000n],
    ]);
    expect(preview).toMatchObject({ validCount: 3, total: 1_570_000n });
  });

  it('refuses what is not an .xlsx, more than 2 MB, more than 1 000 rows, or no rows — by content, not by name', async () => {
    expect(await parseBulkFile(new TextEncoder().encode('mobile,amount\n09121234567,50000\n'))).toMatchObject({ ok: false, error: 'fileInvalid' });
    expect(await parseBulkFile(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0]))).toMatchObject({ ok: false, error: 'fileInvalid' });
    expect(await parseBulkFile(new Uint8Array(BULK_MAX_BYTES + 1))).toMatchObject({ ok: false, error: 'fileTooLarge' });
    expect(await parseBulkFile(await xlsx([]))).toMatchObject({ ok: false, error: 'fileEmpty' });
    const many = Array.from({ length: 1_001 }, (): Cell[] => ['09121234567', '', '', 50_000]);
    expect(await parseBulkFile(await xlsx(many))).toMatchObject({ ok: false, error: 'tooManyRows' });
    expect(must(await parseBulkFile(await xlsx(many.slice(1))))).toHaveLength(1_000);
    // The template parses, and previews clean.
    const template = await parseBulkFile(await bulkTemplateWorkbook());
    expect(template.ok).toBe(true);
    expect(must(template).map((l) => l.mobile)).toEqual(['09121234567', '09351234567']);
    expect((await previewBulk(db, must(template))).rows[0]).toMatchObject({ ok: true, amount: 50_000n });
  });
});

describe('bulk top-up: paying from the withdrawable balance', () => {
  it('moves exactly the total from withdrawable into topup_clearing in one posting; each row a balance payment and a paid order; delivery shares it out', async () => {
    const shop = await chargeShop();
    await fund(shop.platform.id, 1_000_000n);
    const file = await xlsx([
      ['09121234567', '', '', 50_000],
      ['09121234568', '', '', 100_000],
      ['0800', '', '', 50_000],
    ]);
    const preview = await previewBulkUpload(db, shop.actor, { platformId: shop.platform.id, bytes: file });
    expect(preview).toMatchObject({ ok: true, data: { validCount: 2, total: 150_000n, withdrawable: 1_000_000n } });

    const paid = await payBulk(db, shop.actor, { platformId: shop.platform.id, bytes: file, key: randomUUID() });
    expect(paid).toMatchObject({ ok: true, data: { created: true, bulk: { rowCount: 2, total: 150_000n, state: 'paid' } } });
    const bulk = must(paid).bulk;
    expect(await withdrawable(shop.platform.id)).toBe(850_000n);
    const [posting] = await postingsOf('topup_bulk_paid', bulk.id);
    const lines = await db.select().from(ledgerLines).where(eq(ledgerLines.postingId, posting.id));
    expect(lines.map((l) => l.amount).sort()).toEqual([-150_000n, 150_000n]);
    expect(await heldFor(bulk.id)).toBe(150_000n);

    const orders = await db.select().from(topupOrders).where(eq(topupOrders.bulkId, bulk.id));
    expect(orders.map((o) => [o.state, o.channel]).sort()).toEqual([
      ['paid', 'bulk'],
      ['paid', 'bulk'],
    ]);
    const pays = await db
      .select()
      .from(payments)
      .where(
        inArray(
          payments.id,
          orders.map((o) => o.paymentId),
        ),
      );
    for (const x of pays) {
      expect(x).toMatchObject({ source: 'topup', method: 'balance', state: 'succeeded', fee: 0n, livemode: true });
      expect(x.settledAt).not.toBeNull();
    }
    // No payment posting of their own: the bulk's one posting paid for them.
    for (const x of pays) expect(await postingsOf('payment_succeeded', x.id)).toHaveLength(0);

    expect(await deliverBulk(db, bulk.id)).toBe(2);
    const results = await getBulkResults(db, shop.actor, bulk.id);
    expect(results!.counts).toEqual({ delivered: 2, failed: 0, pending: 0 });
    expect(results!.bulk.state).toBe('finished');
    expect(results!.rows.map((r) => [r.row, r.state, r.deliveryRef?.startsWith('ref-')])).toEqual([
      [2, 'delivered', true],
      [3, 'delivered', true],
    ]);
    const commission = shares(50_000n, 400, 5_000).commission + shares(100_000n, 400, 5_000).commission;
    expect(await withdrawable(shop.platform.id)).toBe(850_000n + commission);
    expect(await heldFor(bulk.id)).toBe(0n);

    // The outcome as a workbook.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bulkResultsWorkbook(results!.rows)) as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(2).value).toBe('Mobile');
    expect(ws.getRow(2).getCell(2).value).toBe('09121234567');
    expect(ws.getRow(3).getCell(5).value).toBe(100_000);
    expect(ws.getRow(3).getCell(6).value).toBe('Delivered');
    expect(ws.actualRowCount).toBe(3);
  });

  it('a balance that does not cover the total refuses the whole bulk and saves nothing', async () => {
    const shop = await chargeShop();
    await fund(shop.platform.id, 60_000n);
    const file = await xlsx([
      ['09121234567', '', '', 50_000],
      ['09121234568', '', '', 50_000],
    ]);
    const key = randomUUID();
    expect(await payBulk(db, shop.actor, { platformId: shop.platform.id, bytes: file, key })).toMatchObject({ ok: false, error: 'insufficientBalance' });
    expect(await withdrawable(shop.platform.id)).toBe(60_000n);
    expect(await db.select().from(topupBulks).where(eq(topupBulks.platformId, shop.platform.id))).toHaveLength(0);
    expect(await db.select().from(topupOrders).where(eq(topupOrders.platformId, shop.platform.id))).toHaveLength(0);
    expect(await db.select().from(payments).where(eq(payments.platformId, shop.platform.id))).toHaveLength(0);
    // Topped up, the same key then pays.
    await fund(shop.platform.id, 40_000n);
    expect(await payBulk(db, shop.actor, { platformId: shop.platform.id, bytes: file, key })).toMatchObject({ ok: true, data: { created: true } });
    expect(await withdrawable(shop.platform.id)).toBe(0n);
  });

  it('a double submit with the same key pays once, even at the same moment', async () => {
    const shop = await chargeShop();
    await fund(shop.platform.id, 1_000_000n);
    const file = await xlsx([['09121234567', '', '', 50_000]]);
    const key = randomUUID();
    const input = { platformId: shop.platform.id, bytes: file, key };
    const [a, b] = await Promise.all([payBulk(db, shop.actor, input), payBulk(db, shop.actor, input)]);
    const c = await payBulk(db, shop.actor, input);
    expect([a, b, c].every((r) => r.ok)).toBe(true);
    expect([a, b, c].filter((r) => must(r).created)).toHaveLength(1);
    expect(new Set([a, b, c].map((r) => must(r).bulk.id)).size).toBe(1);
    expect(await db.select().from(topupBulks).where(eq(topupBulks.platformId, shop.platform.id))).toHaveLength(1);
    expect(await db.select().from(topupOrders).where(eq(topupOrders.platformId, shop.platform.id))).toHaveLength(1);
    expect(await withdrawable(shop.platform.id)).toBe(950_000n);
    // Another key is another bulk.
    expect(await payBulk(db, shop.actor, { ...input, key: randomUUID() })).toMatchObject({ ok: true, data: { created: true } });
    expect(await withdrawable(shop.platform.id)).toBe(900_000n);
  });

  it('a row whose delivery fails for good returns its amount to withdrawable exactly once — no card refund', async () => {
    const shop = await chargeShop();
    await fund(shop.platform.id, 500_000n);
    const bad = uniqueMobile();
    p.state.failing.add(bad);
    const file = await xlsx([
      ['09121234567', '', '', 50_000],
      [bad, '', '', 70_000],
    ]);
    const paid = await payBulk(db, shop.actor, { platformId: shop.platform.id, bytes: file, key: randomUUID() });
    const bulk = must(paid).bulk;
    expect(await withdrawable(shop.platform.id)).toBe(380_000n);
    await deliverBulk(db, bulk.id);
    const results = (await getBulkResults(db, shop.actor, bulk.id))!;
    expect(results.rows.map((r) => [r.mobile, r.state, r.reason])).toEqual([
      ['09121234567', 'delivered', null],
      [bad, 'failed', 'scripted failed'],
    ]);
    const failed = await db
      .select()
      .from(topupOrders)
      .where(and(eq(topupOrders.bulkId, bulk.id), eq(topupOrders.mobile, bad)));
    expect(await postingsOf('topup_returned', failed[0].id)).toHaveLength(1);
    const commission = shares(50_000n, 400, 5_000).commission;
    expect(await withdrawable(shop.platform.id)).toBe(450_000n + commission);
    // Again and again: nothing more comes back.
    await Promise.all([deliverTopup(db, failed[0].id), runTopupJanitor(db), deliverBulk(db, bulk.id)]);
    expect(await postingsOf('topup_returned', failed[0].id)).toHaveLength(1);
    expect(await withdrawable(shop.platform.id)).toBe(450_000n + commission);
    expect(await db.select().from(refunds).where(eq(refunds.paymentId, failed[0].paymentId))).toHaveLength(0);
    expect(failed[0].refundId).toBeNull();
    expect(await heldFor(bulk.id)).toBe(0n);
  });

  it("another merchant's platform and bulk get nothing; staff see the bulk", async () => {
    const shop = await chargeShop();
    const other = await chargeShop();
    await fund(shop.platform.id, 100_000n);
    await fund(other.platform.id, 100_000n);
    const file = await xlsx([['09121234567', '', '', 50_000]]);
    const paid = await payBulk(db, shop.actor, { platformId: shop.platform.id, bytes: file, key: randomUUID() });
    const bulkId = must(paid).bulk.id;
    expect(await getBulkResults(db, other.actor, bulkId)).toBeNull();
    expect(await getBulkResults(db, other.actor, 'not-a-uuid')).toBeNull();
    expect(await payBulk(db, other.actor, { platformId: shop.platform.id, bytes: file, key: randomUUID() })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await previewBulkUpload(db, other.actor, { platformId: shop.platform.id, bytes: file })).toMatchObject({ ok: false, error: 'notFound' });
    expect(await withdrawable(shop.platform.id)).toBe(50_000n);
    expect((await getBulkResults(db, staffActorOf({ id: shop.merchant.id }), bulkId))?.bulk.id).toBe(bulkId);
  });
});
