import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db';
import * as schema from '@/db/schema';
import type { ApiActor } from '@/lib/actor';
import { getApiSplitInvoice, listApiSplitInvoices } from '@/lib/api/split';
import { closeSplitInvoice } from '.';
import { invoiceBody, makeBeneficiary, makeInvoice, makeMarketplace, newBill, payInvoice } from './fixtures';
import { testDb } from '@/test/db';

/** The API's list of split invoices: each invoice with its own parts and payment, in a number of queries that does not grow with the page. */
const db = testDb();

/** A second handle on the same database that counts the statements sent through it. */
const client = postgres(process.env.DATABASE_URL!, { max: 2, onnotice: () => {} });
afterAll(() => client.end({ timeout: 5 }));
let queries = 0;
const counted = drizzle(client, { schema, casing: 'snake_case', logger: { logQuery: () => void queries++ } }) as unknown as Db;
async function countQueries<T>(f: () => Promise<T>): Promise<{ result: T; queries: number }> {
  queries = 0;
  const result = await f();
  return { result, queries };
}

describe('listApiSplitInvoices', () => {
  it('answers a page of several invoices each with its parts and payment, as its own GET does, in the same few queries for 2 rows as for 5', async () => {
    const m = await makeMarketplace(db);
    const a = await makeBeneficiary(db, m, 'Seller A');
    const b = await makeBeneficiary(db, m, 'Seller B');
    // Five invoices, newest last: open with one sub, paid with two, paid and closed, open with the other sub, paid with one.
    const made = [];
    made.push(await makeInvoice(db, m, invoiceBody(newBill(), 800n, [{ beneficiaryId: a.beneficiary.id, share: 500n }])));
    made.push(
      await makeInvoice(
        db,
        m,
        invoiceBody(newBill(), 1_000n, [
          { beneficiaryId: a.beneficiary.id, share: 300n },
          { beneficiaryId: b.beneficiary.id, share: 200n },
        ]),
      ),
    );
    made.push(await makeInvoice(db, m, invoiceBody(newBill(), 700n, [{ beneficiaryId: b.beneficiary.id, share: 900n }])));
    made.push(await makeInvoice(db, m, invoiceBody(newBill(), 400n, [{ beneficiaryId: b.beneficiary.id, share: 600n }])));
    made.push(await makeInvoice(db, m, invoiceBody(newBill(), 250n, [{ beneficiaryId: a.beneficiary.id, share: 150n }])));
    const paid = new Map<string, string>();
    for (const i of [1, 2, 4]) paid.set(made[i].id, (await payInvoice(db, made[i].id)).payment.id);
    expect((await closeSplitInvoice(db, m.actor, made[2].id)).ok).toBe(true);

    const actor: ApiActor = { kind: 'api', merchantId: m.merchant.id, platformId: m.platform.id, keyId: 'k', livemode: made[0].livemode };
    const { result: page, queries: forFive } = await countQueries(() => listApiSplitInvoices(counted, actor, { limit: 5 }));
    expect(page.data.map((r) => r.id)).toEqual(made.map((i) => i.id).reverse());
    expect(page.next_before).toBeNull();

    // Each row is what the invoice's own GET answers, to the byte.
    for (const row of page.data) expect(JSON.stringify(row)).toBe(JSON.stringify(await getApiSplitInvoice(db, actor, row.id)));
    // And each carries its own parts and payment, not a neighbour's.
    const byId = new Map(page.data.map((r) => [r.id, r]));
    const second = byId.get(made[1].id)!;
    expect(second.main_invoice.share).toBe('1000');
    expect(second.sub_invoices.map((s) => [s.beneficiary_id, s.beneficiary_name, s.share])).toEqual([
      [a.beneficiary.id, 'Seller A', '300'],
      [b.beneficiary.id, 'Seller B', '200'],
    ]);
    expect(byId.get(made[3].id)!.sub_invoices.map((s) => [s.beneficiary_name, s.share])).toEqual([['Seller B', '600']]);
    for (const inv of made) {
      const row = byId.get(inv.id)!;
      expect(row.payment?.id ?? null).toBe(paid.get(inv.id) ?? null);
      if (paid.has(inv.id)) expect(row.payment).toMatchObject({ state: 'succeeded' });
    }
    expect(byId.get(made[2].id)!.state).toBe('closed');
    expect(byId.get(made[0].id)!.state).toBe('open');

    // The page of 2 costs what the page of 5 does: the views are built for the page, not per row.
    const { result: firstTwo, queries: forTwo } = await countQueries(() => listApiSplitInvoices(counted, actor, { limit: 2 }));
    expect(firstTwo.data.map((r) => r.id)).toEqual([made[4].id, made[3].id]);
    expect(forTwo).toBe(forFive);
    // The marketplace checked, the page, its parts, its payments: not 4 more for each row.
    expect(forFive).toBeLessThanOrEqual(5);
  });
});
