import { once } from 'node:events';
import { PassThrough, Readable, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { createTranslator } from 'next-intl';
import type { DbOrTx } from '@/db';
import type { Actor, MerchantActor, StaffActor } from '@/lib/actor';
import { readAuditQuery } from '@/lib/audit/list';
import { attachment, CONTENT_TYPES } from '@/lib/reports/export-response';
import { tehranWall } from '@/lib/date/tehran';
import type { Locale } from '@/lib/i18n/config';
import { auditLabelsFrom } from '@/lib/i18n/labels';
import { drainSheet, xlsxCell } from '@/lib/reports/export';
import { formatJDay, jdayOf } from '@/lib/reports/jalali';
import en from '@/messages/en.json';
import fa from '@/messages/fa.json';
import tr from '@/messages/tr.json';
import { listAuditEvents, type AuditFilters, type AuditRow } from './list';
import { logger } from '@/lib/log';

/**
 * The filtered audit trail as an Excel sheet in the reader's language, newest first, read page by
 * page (the same keyset and the same Actor filter as the page) and streamed to `out`. A merchant's
 * sheet has no IP column and names staff "support staff", as their page does.
 */
const CATALOGUES = { fa, en, tr } as const;
const BATCH = 1000;
/** A sheet is for reading; larger trails are filtered first. */
export const AUDIT_EXPORT_MAX = 100_000;

const STAFF_COLUMNS = [
  'colJalali',
  'colAt',
  'colActorKind',
  'colActor',
  'colActorMobile',
  'colMerchant',
  'colAction',
  'colActionCode',
  'colObjectType',
  'colObjectId',
  'colBefore',
  'colAfter',
  'colIp',
] as const;
const MERCHANT_COLUMNS = [
  'colJalali',
  'colAt',
  'colActorKind',
  'colActor',
  'colAction',
  'colActionCode',
  'colObjectType',
  'colObjectId',
  'colBefore',
  'colAfter',
] as const;
type Col = (typeof STAFF_COLUMNS)[number];

export async function writeAuditSheet(opts: { db: DbOrTx; actor: Actor; filters: AuditFilters; locale: Locale; out: Writable }): Promise<number> {
  const staff = opts.actor.kind === 'staff';
  const t = createTranslator({ locale: opts.locale, messages: CATALOGUES[opts.locale] as unknown as typeof en, namespace: 'audit' });
  const label = auditLabelsFrom(t as unknown as Parameters<typeof auditLabelsFrom>[0]);
  const columns: readonly Col[] = staff ? STAFF_COLUMNS : MERCHANT_COLUMNS;
  const who = (r: AuditRow) =>
    r.actorKind === 'system'
      ? t('system')
      : r.actorKind === 'api'
        ? t('apiKey')
        : r.actorKind === 'staff' && !staff
          ? t('supportStaff')
          : (r.actorName ?? t('unknownPerson'));
  const json = (v: Record<string, unknown> | null) => (v ? JSON.stringify(v) : '');
  const cell: Record<Col, (r: AuditRow) => string> = {
    colJalali: (r) => formatJDay(jdayOf(r.at)),
    colAt: (r) => {
      const w = tehranWall(r.at);
      return `${w.date} ${w.time}`;
    },
    colActorKind: (r) => label.kind(r.actorKind),
    colActor: who,
    colActorMobile: (r) => r.actorMobile ?? '',
    colMerchant: (r) => [r.merchantName, r.merchantMobile].filter(Boolean).join(' ') || (r.merchantId ?? ''),
    colAction: (r) => label.action(r.action),
    colActionCode: (r) => r.action,
    colObjectType: (r) => label.object(r.objectType),
    colObjectId: (r) => r.objectId,
    colBefore: (r) => json(r.before),
    colAfter: (r) => json(r.after),
    colIp: (r) => r.ip ?? '',
  };
  const widths: Partial<Record<Col, number>> = { colAt: 17, colActor: 22, colMerchant: 28, colAction: 28, colObjectId: 38, colBefore: 50, colAfter: 50 };
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: opts.out, useStyles: true, useSharedStrings: false } as never);
  wb.creator = 'Dargah';
  const ws = wb.addWorksheet(t('sheet').slice(0, 31), { views: [{ rightToLeft: opts.locale === 'fa', state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: t(c), width: widths[c] ?? 14 }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let count = 0;
  let before = opts.filters.before;
  for (;;) {
    const { rows, next } = await listAuditEvents(opts.db, opts.actor, { ...opts.filters, before }, BATCH);
    for (const r of rows) ws.addRow(columns.map((c) => xlsxCell(cell[c](r)))).commit();
    count += rows.length;
    await drainSheet(ws);
    if (opts.out.writableNeedDrain) await once(opts.out, 'drain');
    if (!next || count >= AUDIT_EXPORT_MAX) break;
    before = BigInt(next);
  }
  ws.commit();
  await wb.commit();
  return count;
}

/**
 * The download of a filtered trail for a route handler that has checked its caller: the Excel
 * streamed as it is written, or 400 for filters that do not read. `actor` decides what is in it.
 */
export function auditSheetResponse(opts: { db: DbOrTx; actor: MerchantActor | StaffActor; url: string; locale: Locale }): Response {
  const { filters, errors } = readAuditQuery(Object.fromEntries(new URL(opts.url).searchParams), opts.actor.kind === 'staff' ? 'staff' : 'merchant');
  if (Object.keys(errors).length) return new Response('Bad filters', { status: 400 });
  const out = new PassThrough();
  writeAuditSheet({ db: opts.db, actor: opts.actor, filters, locale: opts.locale, out }).catch((err) => {
    logger({ module: 'audit' }).error({ err }, 'audit export failed');
    out.destroy(err as Error);
  });
  const name = `audit-${formatJDay(jdayOf(new Date())).replace(/\//g, '-')}.xlsx`;
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: { 'content-type': CONTENT_TYPES.xlsx, 'content-disposition': attachment(name), 'cache-control': 'private, no-store' },
  });
}
