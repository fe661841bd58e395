import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { StaffActor } from '@/lib/actor';
import { testDb } from '@/test/db';
import { makeAdmin, makeMerchant, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { audit } from '.';
import { writeAuditSheet } from './export';

const db = testDb();

async function sheetOf(run: (out: PassThrough) => Promise<number>): Promise<{ count: number; rows: string[][] }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  const count = await run(out);
  await ended;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return { count, rows };
}

describe('the audit export', () => {
  it('staff get every filtered event in their language with the IP; a merchant gets their own, staff as support staff, no IP column', async () => {
    const [merchant, admin] = await Promise.all([makeMerchant(db), makeAdmin(db)]);
    const staff: StaffActor = { ...staffActorOf(admin), via: { ip: '192.0.2.80', userAgent: 'x' } };
    const objectType = `x${randomUUID().slice(0, 8)}`;
    await audit(db, merchantActorOf(merchant), { action: 'roll', objectType, objectId: 'k1', after: { prefix: 'dk_live_ab' } });
    await audit(db, staff, { action: 'approve', objectType, objectId: 'p1', merchantId: merchant.id, after: { status: 'approved' } });

    const forStaff = await sheetOf((out) => writeAuditSheet({ db, actor: staff, filters: { objectType }, locale: 'en', out }));
    expect(forStaff.count).toBe(2);
    expect(forStaff.rows[0]).toEqual(expect.arrayContaining(['Time (Tehran)', 'Action', 'IP']));
    expect(forStaff.rows[1]).toEqual(expect.arrayContaining(['Approved', 'approve', 'A T', '192.0.2.80', '{"status":"approved"}']));
    expect(forStaff.rows[2]).toEqual(expect.arrayContaining(['Key rolled', 'roll', 'M T', '10.0.0.1']));

    const forMerchant = await sheetOf((out) => writeAuditSheet({ db, actor: merchantActorOf(merchant), filters: { objectType }, locale: 'fa', out }));
    expect(forMerchant.count).toBe(2);
    expect(forMerchant.rows[0]).toContain('کار');
    expect(forMerchant.rows[0]).not.toContain('آی‌پی');
    expect(forMerchant.rows[1]).toEqual(expect.arrayContaining(['کارشناس پشتیبانی', 'تأیید کرد']));
    expect(forMerchant.rows.flat().join(' ')).not.toMatch(/A T|192\.0\.2\.80/);
  });
});
