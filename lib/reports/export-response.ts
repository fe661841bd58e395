import { PassThrough, Readable } from 'node:stream';
import type postgres from 'postgres';
import type { Db } from '@/db';
import type { DisplayUnit } from '@/lib/money';
import { EXPORT_LOCALE, queueExport } from './background';
import type { Locale } from '@/lib/i18n/config';
import { backgroundAbove, exportTransactions, type ExportFormat } from './export';
import { readFilters } from './filters';
import { formatJDay, jdayOf } from './jalali';
import type { MerchantActor, StaffActor } from '@/lib/actor';
import { transactionTotals } from './transactions';
import { logger } from '@/lib/log';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export function exportFileName(format: ExportFormat, at = new Date()): string {
  return `transactions-${formatJDay(jdayOf(at)).replace(/\//g, '-')}.${format}`;
}

export function attachment(name: string): string {
  return `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * The export behind a report's download button: small ones stream straight to the browser, those
 * above 50 000 rows go to the worker and the browser goes to the export's progress page.
 */
export async function exportResponse(opts: {
  req: Request;
  db: Db;
  client: postgres.Sql;
  actor: MerchantActor | StaffActor;
  unit: DisplayUnit;
  /** The reader's language: the file's column titles and labels. */
  locale: Locale;
  exportsPath: string;
}): Promise<Response> {
  const url = new URL(opts.req.url);
  const query = Object.fromEntries(url.searchParams);
  const format = query.format === 'csv' ? 'csv' : query.format === 'xlsx' ? 'xlsx' : null;
  delete query.format;
  const read = readFilters(query, opts.unit);
  if (!format || !read.ok) return new Response('Invalid report filters', { status: 400 });
  const { count } = await transactionTotals(opts.db, opts.actor, read.filters);
  if (count > backgroundAbove()) {
    const job = await queueExport(opts.db, opts.actor, { filters: { ...read.raw, [EXPORT_LOCALE]: opts.locale }, format, total: count });
    // A relative Location: Next's req.url names the host it listens on (localhost), which may not
    // be the one the browser used, and the session cookie would not follow.
    return new Response(null, { status: 303, headers: { location: `${opts.exportsPath}/${job.id}` } });
  }
  const out = new PassThrough();
  exportTransactions({ db: opts.db, client: opts.client, actor: opts.actor, filters: read.filters, format, unit: opts.unit, locale: opts.locale, out }).catch(
    (err) => {
      logger({ module: 'reports' }).error({ err }, 'export failed');
      out.destroy(err as Error);
    },
  );
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': attachment(exportFileName(format)),
      'cache-control': 'private, no-store',
      'x-report-rows': String(count),
    },
  });
}
