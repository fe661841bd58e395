import { PassThrough, Readable } from 'node:stream';
import { getLocale, getTranslations } from 'next-intl/server';
import { connection } from 'next/server';
import { bankReasonOf, bankReasonText } from '@/components/vpos/bank-reason';
import { readCollectionQuery } from '@/components/vpos/filters';
import { badgeStateOf } from '@/components/vpos/state-badge';
import { getDb } from '@/db';
import { vposRouteActor } from '@/lib/vpos/route-access';
import { getUserById } from '@/lib/auth/accounts';
import { dirOf, type Locale } from '@/lib/i18n/config';
import { attachment, CONTENT_TYPES } from '@/lib/reports/export-response';
import { listCollections } from '@/lib/vpos/payments';
import { COLUMNS, istanbulTime, writeCollectionsSheet, type Column } from './sheet';

const BATCH = 1000;

/**
 * The card-collections list as an Excel file, of the list's current filters, streamed as it is
 * read. The session, role, customer information and the virtual POS service are checked again
 * here; rows are the signed-in merchant's only (lib's owner filter).
 */
export async function GET(req: Request) {
  await connection();
  const actor = await vposRouteActor();
  if (actor instanceof Response) return actor;
  const db = getDb();
  const { filters } = readCollectionQuery(Object.fromEntries(new URL(req.url).searchParams));
  const t = await getTranslations('vpos');
  const locale = (await getLocale()) as Locale;
  const headers = Object.fromEntries(COLUMNS.map((c) => [c, t(`export.${c}` as 'export.date')])) as Record<Column, string>;
  const names = new Map<string, string>();
  const words = (code: string) => (t.has(`bankCodes.${code}`) ? t(`bankCodes.${code}` as 'bankCodes.51') : undefined);
  const out = new PassThrough();
  writeCollectionsSheet({
    out,
    headers,
    sheetName: t('export.sheet'),
    rtl: dirOf(locale) === 'rtl',
    words: {
      state: (r) => t(`states.${badgeStateOf(r)}` as 'states.succeeded'),
      channel: (r) => (r.channel === 'agent' ? (r.takenBy && names.get(r.takenBy)) || t('channels.agent') : t(`channels.${r.channel}`)),
      // Digits stay ASCII in a sheet: they are data.
      bank: (r) => (r.state === 'succeeded' ? (r.bankMessage ?? '') : bankReasonText(bankReasonOf(r.bankCode, r.bankMessage, words), 'en')),
    },
    next: async (offset) => {
      const rows = await listCollections(db, actor, filters, BATCH, offset);
      for (const id of new Set(rows.map((r) => r.takenBy))) {
        if (!id || names.has(id)) continue;
        const u = await getUserById(db, id);
        names.set(id, u ? `${u.firstName} ${u.lastName}`.trim() : '');
      }
      return rows;
    },
  }).catch((err) => {
    console.error('[vpos] export failed', err);
    out.destroy(err as Error);
  });
  const name = `card-collections-${istanbulTime(new Date()).slice(0, 10)}.xlsx`;
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: { 'content-type': CONTENT_TYPES.xlsx, 'content-disposition': attachment(name), 'cache-control': 'private, no-store' },
  });
}
