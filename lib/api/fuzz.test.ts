import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Before the routes load: the fuzz sends hundreds of requests a minute with one key, and the
// limiter (its own tests cover it) would answer most of them 429.
vi.hoisted(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = '1000000';
  process.env.PUBLIC_BASE_URL = 'http://dargah.test';
});
// Route handlers may ask Next for the request scope; in-process there is none.
vi.mock('next/server', async (importOriginal) => ({ ...(await importOriginal<object>()), connection: async () => {} }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}));

import { z } from 'zod';
import { GET as getBalance } from '@/app/api/v1/balance/route';
import { POST as postLink } from '@/app/api/v1/payment-links/route';
import { GET as getPayment } from '@/app/api/v1/payments/[id]/route';
import { GET as listRefunds, POST as postRefund } from '@/app/api/v1/payments/[id]/refunds/route';
import { GET as getRefund } from '@/app/api/v1/refunds/[id]/route';
import { GET as listPayments, POST as postPayment } from '@/app/api/v1/payments/route';
import { GET as getPlatform } from '@/app/api/v1/platform/route';
import { GET as listBankAccounts } from '@/app/api/v1/bank-accounts/route';
import { GET as getPayout } from '@/app/api/v1/payouts/[id]/route';
import { GET as listPayouts, POST as postPayout } from '@/app/api/v1/payouts/route';
import { GET as getServices } from '@/app/api/v1/services/route';
import { GET as getIvrInvoice } from '@/app/api/v1/ivr/invoices/[code]/route';
import { POST as postIvrInvoice } from '@/app/api/v1/ivr/invoices/route';
import { GET as getIvrResult } from '@/app/api/ivr/get-transaction-result/route';
import { POST as postIvrLookup } from '@/app/api/ivr/transactions/route';
import { POST as postToken } from '@/app/api/v1/token/route';
import { GET as listTopupProducts } from '@/app/api/v1/topup/products/route';
import { GET as getTopup } from '@/app/api/v1/topups/[id]/route';
import { POST as postTopup } from '@/app/api/v1/topups/route';
import { GET as listSplitBeneficiaries } from '@/app/api/v1/split-beneficiaries/route';
import { POST as cancelSplitInvoice } from '@/app/api/v1/split-invoices/[id]/cancel/route';
import { POST as closeSplitInvoice } from '@/app/api/v1/split-invoices/[id]/close/route';
import { GET as getSplitInvoice } from '@/app/api/v1/split-invoices/[id]/route';
import { POST as verifySplitInvoice } from '@/app/api/v1/split-invoices/[id]/verify/route';
import { GET as listSplitInvoices, POST as postSplitInvoice } from '@/app/api/v1/split-invoices/route';
import { invoiceBody as splitInvoiceBody, makeBeneficiary, makeMarketplace } from '@/lib/split/fixtures';
import { eq } from 'drizzle-orm';
import { kycProfiles, platforms } from '@/db/schema';
import { transfer } from '@/lib/ledger';
import { ensureKycBankAccount, requestPayout } from '@/lib/payouts';
import { setIvrRail } from '@/lib/ivr';
import { makeIvrPlatform } from '@/lib/ivr/fixtures';
import { setIvrRailForTests, type IvrRailClient } from '@/lib/ivr/rail';
import { addPlatform, decidePlatform, issueLiveKey } from '@/lib/platforms';
import { createRefund } from '@/lib/refunds';
import { addPaidPayment } from '@/lib/refunds/fixtures';
import { offeredProducts, setTopupProviderForTests, syncCatalogue } from '@/lib/topup';
import { sandboxProvider } from '@/lib/topup/sandbox';
import { addPlatformSchema } from '@/lib/validation/platforms';
import { testDb } from '@/test/db';
import { scripted } from '@/test/topup-provider';
import { makeAdmin, makeMerchantService, makePlatform, merchantActorOf, staffActorOf } from '@/test/fixtures';
import { openApiDocument } from './openapi';
import * as schemas from './schemas';

/**
 * Every operation of the OpenAPI document, fuzzed in-process with a fixed seed: random and hostile
 * values for every body field, query parameter, path id and credential. No answer may be a 500,
 * and every status and error code must be one the document names for that operation. The IVR
 * endpoints outside /api/v1 answer in PayStar's shapes: their bodies are held to their schemas.
 */

const SEED = 20261201;
const PER_ENDPOINT = 400;
const BASE = 'http://dargah.test/api/v1';
const db = testDb();

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const asHandler = (h: unknown) => h as Handler;
/**
 * `ok`: the schema of a success's body. `errors`: for operations outside /api/v1's convention, the
 * schema of every error body (else the code must be one the status's response names). `never`:
 * statuses documented for the real world that this in-process run must not see.
 */
const HANDLERS: Record<string, { handler: Handler; ok: z.ZodType; errors?: z.ZodType; never?: number[] }> = {
  'post /token': { handler: asHandler(postToken), ok: schemas.tokenResponseSchema },
  'get /platform': { handler: asHandler(getPlatform), ok: schemas.platformResponseSchema },
  'get /services': { handler: asHandler(getServices), ok: schemas.servicesResponseSchema },
  'post /payments': { handler: asHandler(postPayment), ok: schemas.paymentResponseSchema },
  'get /payments': { handler: asHandler(listPayments), ok: schemas.paymentListResponseSchema },
  'get /payments/{id}': { handler: asHandler(getPayment), ok: schemas.paymentResponseSchema },
  'post /payments/{id}/refunds': { handler: asHandler(postRefund), ok: schemas.createRefundResponseSchema },
  'get /payments/{id}/refunds': { handler: asHandler(listRefunds), ok: schemas.refundListResponseSchema },
  'get /refunds/{id}': { handler: asHandler(getRefund), ok: schemas.refundResponseSchema },
  'post /payment-links': { handler: asHandler(postLink), ok: schemas.paymentLinkResponseSchema },
  'get /balance': { handler: asHandler(getBalance), ok: schemas.balanceResponseSchema },
  'post /payouts': { handler: asHandler(postPayout), ok: schemas.payoutResponseSchema },
  'get /payouts': { handler: asHandler(listPayouts), ok: schemas.payoutListResponseSchema },
  'get /payouts/{id}': { handler: asHandler(getPayout), ok: schemas.payoutResponseSchema },
  'get /bank-accounts': { handler: asHandler(listBankAccounts), ok: schemas.bankAccountListResponseSchema },
  'post /ivr/invoices': { handler: asHandler(postIvrInvoice), ok: schemas.ivrInvoiceResponseSchema },
  'get /ivr/invoices/{tracking_code}': { handler: asHandler(getIvrInvoice), ok: schemas.ivrInvoiceResponseSchema },
  // The look-up answers 503 only for an exception it caught: with the database up, that is a bug.
  'post /ivr/transactions': {
    handler: asHandler(postIvrLookup),
    ok: schemas.ivrLookupResponseSchema,
    errors: z.union([schemas.ivrBadRequestSchema, schemas.ivrThrottledSchema]),
    never: [503],
  },
  'get /ivr/get-transaction-result': { handler: asHandler(getIvrResult), ok: schemas.paystarResultResponseSchema },
  // 503 is for a live deployment with no top-up provider configured; here one always is.
  'get /topup/products': { handler: asHandler(listTopupProducts), ok: schemas.topupProductListResponseSchema, never: [503] },
  'post /topups': { handler: asHandler(postTopup), ok: schemas.topupResponseSchema, never: [503] },
  'get /topups/{id}': { handler: asHandler(getTopup), ok: schemas.topupResponseSchema },
  'post /split-invoices': { handler: asHandler(postSplitInvoice), ok: schemas.splitInvoiceResponseSchema },
  'get /split-invoices': { handler: asHandler(listSplitInvoices), ok: schemas.splitInvoiceListResponseSchema },
  'get /split-invoices/{id}': { handler: asHandler(getSplitInvoice), ok: schemas.splitInvoiceResponseSchema },
  'post /split-invoices/{id}/close': { handler: asHandler(closeSplitInvoice), ok: schemas.splitInvoiceResponseSchema },
  'post /split-invoices/{id}/verify': { handler: asHandler(verifySplitInvoice), ok: schemas.splitInvoiceResponseSchema },
  'post /split-invoices/{id}/cancel': { handler: asHandler(cancelSplitInvoice), ok: schemas.splitInvoiceResponseSchema },
  'get /split-beneficiaries': { handler: asHandler(listSplitBeneficiaries), ok: schemas.splitBeneficiaryListResponseSchema },
};

// ---- Hostile values ------------------------------------------------------------------------

const CONTROLS = [...Array.from({ length: 32 }, (_, i) => i), 0x7f, ...Array.from({ length: 32 }, (_, i) => 0x80 + i)].map((c) => String.fromCharCode(c));
const NAMED = [
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(12),
  '\ud800',
  'x\udc00y',
  '\ufffe',
  '\uffff',
  '\u202eevil\u202c',
  'نیم\u200cفاصله',
  '\ufeff',
  '',
  ' ',
  '   \t  ',
  '۱۲۳۴۵۶۷۸۹۰',
  '١٢٣٤٥',
  '۰۹۱۲۱۲۳۴۵۶۷',
  '۱۵۰۰۰۰',
  '۱٫۵',
  '150,000',
  "' OR 1=1 --",
  "'; DROP TABLE payments; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '\\x00',
  '$1',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '../../../etc/passwd',
  '%00',
  '%E0%A4%A',
  '%s%n',
  '=HYPERLINK("http://evil.example")',
  'a;=1+1',
  'null',
  'undefined',
  'true',
  'NaN',
  '__proto__',
  'constructor',
  'javascript:alert(1)',
  'http://127.0.0.1:9/',
  'https://evil.example/return',
  '😀'.repeat(30),
  'ي'.repeat(200),
  'x'.repeat(5000),
  'A'.repeat(60_000),
  'A'.repeat(100_000),
  'ی'.repeat(100_000),
];
const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NAMED) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('', 'Ali', '۰۹۱۲', 'https://fuzz-shop.example/return'), fc.constantFrom(...CONTROLS, '\ud800', '\ufffe'))
      .map(([t, c]) => `${t}${c}y`),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...CONTROLS, 'a', '۱', '1'), maxLength: 12 }) },
);

/** Numbers as JSON text, so that 1e400, -0 and 30-digit integers reach JSON.parse as sent. */
const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '1.5',
  '-150000',
  '0.1',
  '1e400',
  '-1e400',
  '1e-400',
  '1E3',
  '2.5e2',
  '9007199254740993',
  '123456789012345678901234567890',
  '100',
  '101',
  '1000',
  '1001',
];
/** JSON fragments of every type: text, numbers, wrong types, arrays and objects where scalars go. */
const hostileJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: hostileText.map((s) => JSON.stringify(s)) },
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.double().map((d) => (Number.isFinite(d) ? String(d) : '1e999')) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'true',
      'false',
      'null',
      '[]',
      '{}',
      '[1,2]',
      '["a"]',
      '{"a":1}',
      '[[[[[[]]]]]]',
      '{"$gt":""}',
      `${'['.repeat(500)}${']'.repeat(500)}`,
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
);
const invalidJson = fc.constantFrom(
  '',
  ' ',
  '{',
  '{"amount":',
  '{"a":1}garbage',
  "{'a':1}",
  'NaN',
  '0x10',
  '+1',
  '.5',
  '\u0000',
  '{"a":1,}',
  'x'.repeat(70_000),
);

/** A header cannot carry NUL, CR, LF or characters beyond Latin-1: the rest of a string is kept. */
const headerSafe = (s: string) => s.replace(/[^\t\x20-\x7e\xa0-\xff]/g, '');

// ---- Requests --------------------------------------------------------------------------------

type Ctx = {
  keyA: string;
  tokenA: string;
  keyB: string;
  paymentA: string;
  orderA: string;
  paymentB: string;
  accountA: string;
  payoutA: string;
  payoutB: string;
  liveKeyA: string;
  paidA: string;
  refundA: string;
  refundB: string;
  ivr: IvrCtx;
  topup: TopupCtx;
  split: SplitCtx;
};
/**
 * Split invoices: marketplace A (approved) with its test and live keys, a token, an invoice in each
 * mode and a beneficiary who granted permission; marketplace B of another merchant with its live
 * key and an invoice.
 */
type SplitCtx = {
  testKey: string;
  liveKey: string;
  token: string;
  keyB: string;
  testInvoice: string;
  liveInvoice: string;
  invoiceB: string;
  beneficiary: string;
};
/**
 * Phone payments: IVR platform A (sandbox rail) with its test key, live key, token, IVR credential
 * and trunk id, and an invoice of each mode; IVR platform R on PayStar's rail (a stub that takes,
 * refuses or fails invoices by their amount) with its live key and a live invoice; IVR platform B
 * of another merchant with its key, credential and an invoice.
 */
type IvrCtx = {
  testKey: string;
  liveKey: string;
  token: string;
  railKey: string;
  keyB: string;
  credential: string;
  credentialB: string;
  trunk: string;
  testCode: string;
  liveCode: string;
  railCode: string;
  codeB: string;
};
/**
 * Top-ups: charge platform A (approved, with callback URLs) with its test and live keys, a token
 * and an order in each mode; charge platform B of another merchant with its live key and an order;
 * the products a valid body picks in each mode (a direct top-up, a package, another operator's
 * bonus top-up: the scripted live provider's, the sandbox's for test keys).
 */
type TopupCtx = {
  testKey: string;
  liveKey: string;
  token: string;
  keyB: string;
  testOrder: string;
  liveOrder: string;
  orderB: string;
  products: Record<'test' | 'live', { direct: string; pkg: string; wonderful: string }>;
};
type Spec = { path: string; headers: Record<string, string>; body?: string; pathId?: string };
type Build = (ctx: Ctx, n: number) => Spec;

/** Whose credential: mostly the caller's own key or token, sometimes another merchant's or junk. */
const credential: fc.Arbitrary<(ctx: Ctx) => Record<string, string>> = fc.oneof(
  { weight: 12, arbitrary: fc.constant((c: Ctx) => ({ authorization: `Bearer ${c.keyA}` })) },
  { weight: 3, arbitrary: fc.constant((c: Ctx) => ({ authorization: `Bearer ${c.tokenA}` })) },
  { weight: 2, arbitrary: fc.constant((c: Ctx) => ({ 'x-api-key': c.keyA })) },
  { weight: 2, arbitrary: fc.constant((c: Ctx) => ({ authorization: `Bearer ${c.keyB}` })) },
  { weight: 1, arbitrary: fc.constant(() => ({})) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('authorization', 'x-api-key'),
        fc.constantFrom('Bearer ', 'bearer  ', 'Basic ', '', 'Bearer dk_test_', 'Bearer dk_live_', 'Bearer dat_'),
        hostileText,
      )
      .map(([h, prefix, s]) => () => ({ [h]: headerSafe(`${prefix}${s}`).slice(0, 20_000) })),
  },
  { weight: 1, arbitrary: fc.constant((c: Ctx) => ({ authorization: `Bearer ${c.tokenA.slice(0, -2)}xx` })) },
);

/**
 * The client's address as our server stamps it: one per request, so that the per-address throttle
 * of failed authentications (its own tests cover it) does not turn the run into 429s.
 */
const peerOf = (n: number) => ({ 'x-dargah-peer': `10.77.${(n >> 8) & 255}.${n & 255}` });

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'application/jsonx',
      'multipart/form-data',
      'application/x-www-form-urlencoded',
      '',
      'application/json; charset=utf-16',
    ),
  },
);

/** No Idempotency-Key, a fresh one, one of a few reused ones (a replay, or 422 with another body), or junk. */
const idempotency: fc.Arbitrary<(n: number) => string | null> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(() => null) },
  { weight: 2, arbitrary: fc.constant((n: number) => `fuzz-${SEED}-${n}`) },
  { weight: 1, arbitrary: fc.constantFrom('fuzz-1', 'fuzz-2').map((k) => () => k) },
  { weight: 1, arbitrary: hostileText.map((s) => () => headerSafe(s).slice(0, 400)) },
);

/** For operations that require the header: mostly a fresh key, so that most requests reach the handler. */
const idempotencyRequired: fc.Arbitrary<(n: number) => string | null> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(() => null) },
  { weight: 8, arbitrary: fc.constant((n: number) => `fuzz-${SEED}-${n}`) },
  { weight: 1, arbitrary: fc.constantFrom('fuzz-1', 'fuzz-2').map((k) => () => k) },
  { weight: 1, arbitrary: hostileText.map((s) => () => headerSafe(s).slice(0, 400)) },
);

type FieldGen = { valid: (ctx: Ctx, n: number) => string };
/**
 * A POST body: every documented field valid, hostile or missing, sometimes unknown fields too;
 * or a body that is not an object, or not JSON at all.
 */
function bodyArb(fields: Record<string, FieldGen>): fc.Arbitrary<(ctx: Ctx, n: number) => string> {
  const names = Object.keys(fields);
  const choice = fc.oneof(
    { weight: 3, arbitrary: fc.constant<'valid'>('valid') },
    { weight: 2, arbitrary: hostileJson },
    { weight: 1, arbitrary: fc.constant<'omit'>('omit') },
  );
  const mutated = fc
    .tuple(
      fc.tuple(...names.map(() => choice)),
      fc.array(fc.tuple(fc.oneof(hostileText, fc.constantFrom('__proto__', 'constructor', 'AMOUNT')), hostileJson), { maxLength: 2 }),
    )
    .map(([picks, extra]) => (ctx: Ctx, n: number) => {
      const parts: string[] = [];
      picks.forEach((p, i) => {
        if (p === 'omit') return;
        parts.push(`${JSON.stringify(names[i])}:${p === 'valid' ? fields[names[i]].valid(ctx, n) : p}`);
      });
      for (const [k, v] of extra) parts.push(`${JSON.stringify(k)}:${v}`);
      return `{${parts.join(',')}}`;
    });
  const valid = fc.constant((ctx: Ctx, n: number) => `{${names.map((k) => `${JSON.stringify(k)}:${fields[k].valid(ctx, n)}`).join(',')}}`);
  // One field hostile and the rest valid: what reaches the database if that field's check is
  // missing. Often the valid value with one control character in it, or anything at all.
  const bad = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...CONTROLS, '\ud800', '\udfff', '\ufffe', '\uffff').map((c) => ({ insert: c })) },
    { weight: 3, arbitrary: hostileJson.map((json) => ({ json })) },
  );
  const single = fc.tuple(fc.nat(names.length - 1), bad).map(([at, b]) => (ctx: Ctx, n: number) => {
    const value = (k: string) => {
      if ('json' in b) return b.json;
      const v: unknown = JSON.parse(fields[k].valid(ctx, n));
      return typeof v === 'string' ? JSON.stringify(`${v.slice(0, 2)}${b.insert}${v.slice(2)}`) : JSON.stringify(`${String(v)}${b.insert}`);
    };
    return `{${names.map((k, i) => `${JSON.stringify(k)}:${i === at ? value(k) : fields[k].valid(ctx, n)}`).join(',')}}`;
  });
  return fc.oneof(
    { weight: 8, arbitrary: single },
    { weight: 8, arbitrary: mutated },
    { weight: 3, arbitrary: valid },
    { weight: 2, arbitrary: hostileJson.map((j) => () => j) },
    { weight: 1, arbitrary: invalidJson.map((j) => () => j) },
  );
}

function post(path: string, body: fc.Arbitrary<(ctx: Ctx, n: number) => string>, withCredential = true, idemKeys = idempotency): fc.Arbitrary<Build> {
  return fc
    .record({
      cred: withCredential ? credential : fc.oneof({ weight: 4, arbitrary: fc.constant(() => ({})) }, { weight: 1, arbitrary: credential }),
      body,
      type: contentType,
      idem: idemKeys,
    })
    .map(({ cred, body: b, type, idem }) => (ctx: Ctx, n: number) => {
      const key = idem(n);
      return {
        path,
        headers: { ...cred(ctx), ...peerOf(n), ...(type ? { 'content-type': type } : {}), ...(key !== null ? { 'idempotency-key': key } : {}) },
        body: b(ctx, n),
      };
    });
}

/** A query string: known parameters valid or hostile, unknown and repeated ones, raw escapes. */
function queryArb(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const known = Object.entries(params).map(([name, valid]) =>
    fc
      .oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: valid }, { weight: 3, arbitrary: hostileText })
      .map((v): [string, string][] => (v === null ? [] : [[name, v]])),
  );
  const extra = fc.array(fc.tuple(fc.oneof(hostileText, fc.constantFrom('limit', 'order_id', 'id')), hostileText), { maxLength: 2 });
  const encoded = fc.tuple(fc.tuple(...known), extra).map(([groups, more]) => {
    const q = new URLSearchParams();
    for (const [k, v] of [...groups.flat(), ...more]) q.append(k, v);
    const s = q.toString();
    return s ? `?${s}` : '';
  });
  const raw = fc.constantFrom(
    '?',
    '?&&',
    '?limit',
    '?limit=',
    '?limit=%E0%A4%A',
    '?order_id=%',
    '?%00=1',
    '?limit=1&limit=abc',
    '?order_id=%00',
    '?limit=%2B5',
    '?limit= 5',
  );
  return fc.oneof({ weight: 8, arbitrary: encoded }, { weight: 1, arbitrary: raw });
}

function get(path: string, query: fc.Arbitrary<string> = queryArb({})): fc.Arbitrary<Build> {
  return fc
    .record({ cred: credential, query })
    .map(({ cred, query: q }) => (ctx: Ctx, n: number) => ({ path: `${path}${q}`, headers: { ...cred(ctx), ...peerOf(n) } }));
}

const limitValues = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 100 }).map(String) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '1.5',
      'abc',
      '1e400',
      '1e2',
      '-1',
      '0',
      '101',
      '99999999999999999999',
      '۲۰',
      '٢٠',
      '0x10',
      '20 ',
      ' 20',
      '+20',
      '020',
      'Infinity',
      'NaN',
      '',
    ),
  },
);

/** A path id: the caller's own payment, another merchant's, unknown uuids, and anything at all. */
const pathId: fc.Arbitrary<(ctx: Ctx) => string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant((c: Ctx) => c.paymentA) },
  { weight: 1, arbitrary: fc.constant((c: Ctx) => c.paymentA.toUpperCase()) },
  { weight: 3, arbitrary: fc.constant((c: Ctx) => c.paymentB) },
  { weight: 2, arbitrary: fc.uuid().map((u) => () => u) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '{00000000-0000-4000-8000-000000000000}')
      .map((u) => () => u),
  },
  { weight: 1, arbitrary: fc.constant((c: Ctx) => ` ${c.paymentA}`) },
  { weight: 1, arbitrary: fc.constant((c: Ctx) => `${c.paymentA}\u0000`) },
  { weight: 5, arbitrary: hostileText.map((s) => () => s) },
);

/**
 * A path segment as a client would send it. A lone surrogate cannot be sent: its bytes can
 * (`%ED%A0%80`, not UTF-8); a `%` that starts no escape is sent as it is, once in a while.
 */
function segment(id: string): string {
  if (id.startsWith('%') && id.length < 20) return id;
  try {
    return encodeURIComponent(id);
  } catch {
    return encodeURIComponent(id.replace(/[\ud800-\udfff]/g, '\u0000')).replace(/%00/g, '%ED%A0%80');
  }
}

/** Which ids stand for the caller's own resource and for the other merchant's (by default: their payments). */
type Ids = (ctx: Ctx) => { own: string; theirs: string };
const pathOf = (ids: Ids = (c) => ({ own: c.paymentA, theirs: c.paymentB })) =>
  pathId.map((f) => (c: Ctx) => {
    const raw = f(c);
    return raw === c.paymentA ? ids(c).own : raw === c.paymentB ? ids(c).theirs : raw;
  });

/** A GET of one resource by its path id (own, another merchant's, unknown or junk), with a query. */
function getById(path: (segment: string) => string, ids?: Ids, more?: fc.Arbitrary<string>): fc.Arbitrary<Build> {
  const id = more ? fc.oneof({ weight: 4, arbitrary: pathOf(ids) }, { weight: 1, arbitrary: more.map((v) => () => v) }) : pathOf(ids);
  return fc.record({ cred: credential, id, query: queryArb({}) }).map(({ cred, id, query }) => (ctx: Ctx, n: number) => {
    const raw = id(ctx);
    return { path: `${path(segment(raw))}${query}`, headers: { ...cred(ctx), ...peerOf(n) }, pathId: raw };
  });
}

/** The same requests with shop A's live key where its test key would go (payouts move real money). */
const withLiveKey = (arb: fc.Arbitrary<Build>): fc.Arbitrary<Build> => arb.map((build) => (ctx: Ctx, n: number) => build({ ...ctx, keyA: ctx.liveKeyA }, n));

// ---- Phone payments (IVR) ------------------------------------------------------------------

/**
 * The IVR operations with the IVR platforms in the API's places: the caller's key is by turns A's
 * test key, A's live key and R's live key (PayStar's rail), its token A's; "another merchant's key"
 * is by turns B's (an IVR platform) and the payment shop's (not of the IVR service). `c.paymentA`
 * and `c.paymentB` in path ids become the own key's invoice code and B's.
 */
const withIvr = (arb: fc.Arbitrary<Build>): fc.Arbitrary<Build> =>
  arb.map((build) => (ctx: Ctx, n: number) => {
    const { ivr } = ctx;
    const [keyA, own] = (
      [
        [ivr.testKey, ivr.testCode],
        [ivr.liveKey, ivr.liveCode],
        [ivr.railKey, ivr.railCode],
      ] as const
    )[n % 3];
    return build({ ...ctx, keyA, tokenA: ivr.token, keyB: n % 2 ? ivr.keyB : ctx.keyA, paymentA: own, paymentB: ivr.codeB }, n);
  });

/** A tracking code in the path: the ids above, or digits that are nobody's, or junk. */
const trackingCodes: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('00000000', '12345678', '1', '99999999999999999999', '123456789012345678901', '4821367５', '۴۸۲۱۳۶۷۵') },
  { weight: 1, arbitrary: fc.stringMatching(/^\d{1,22}$/) },
);

/** The IVR's credential: mostly A's, sometimes B's (its own platform), an API key in its place, none, or junk. */
const ivrCredential: fc.Arbitrary<(ctx: Ctx) => Record<string, string>> = fc.oneof(
  { weight: 12, arbitrary: fc.constant((c: Ctx) => ({ authorization: `Bearer ${c.ivr.credential}` })) },
  { weight: 2, arbitrary: fc.constant((c: Ctx) => ({ authorization: `Bearer ${c.ivr.credentialB}` })) },
  { weight: 1, arbitrary: fc.constant((c: Ctx) => ({ authorization: `Bearer ${c.ivr.testKey}` })) },
  { weight: 1, arbitrary: fc.constant(() => ({})) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('Bearer ', 'bearer  ', 'Basic ', '', 'Bearer ivr_'), hostileText)
      .map(([prefix, s]) => () => ({ authorization: headerSafe(`${prefix}${s}`).slice(0, 20_000) })),
  },
);

/**
 * The look-up's two bodies. Valid values: A's invoices of either mode keyed as a number or a
 * string, or a wrong id (struck against the caller); callers spread over many numbers with a few
 * that come back (so some reach the cap, error 5); IVR-to-IVR orders that repeat with their amount.
 */
const caller = (n: number) => JSON.stringify(n % 5 === 0 ? `0912000${n % 4}000` : `0912${String(n).padStart(7, '0')}`);
const ivrLookupBody = fc.oneof(
  bodyArb({
    invoice_id: {
      valid: (c, n) => {
        const code = [c.ivr.testCode, c.ivr.liveCode, '11111111', c.ivr.codeB][n % 4];
        return n % 2 ? code : JSON.stringify(code);
      },
    },
    merchant_cid: { valid: (_c, n) => caller(n) },
    ivr: { valid: () => '0' },
    type: { valid: () => '1' },
  }),
  bodyArb({
    order_id: { valid: (_c, n) => JSON.stringify(`${1613848397 + (n % 40)}.81207-9050-30`) },
    merchant_cid: { valid: (_c, n) => (n % 3 ? caller(n) : JSON.stringify('0915***7796')) },
    amount: { valid: (_c, n) => (n % 2 ? String(180_000 + (n % 40)) : JSON.stringify(String(180_000 + (n % 40)))) },
    trunk_id: { valid: (c) => JSON.stringify(c.ivr.trunk) },
    ivr: { valid: () => '1' },
    type: { valid: () => '1' },
  }),
);

/** The look-up's request, authenticated with the IVR credential; never an Idempotency-Key (it has none). */
const ivrLookupOp: fc.Arbitrary<Build> = fc
  .record({ cred: ivrCredential, body: ivrLookupBody, type: contentType })
  .map(({ cred, body, type }) => (ctx: Ctx, n: number) => ({
    path: '/ivr/transactions',
    headers: { ...cred(ctx), ...peerOf(n), ...(type ? { 'content-type': type } : {}) },
    body: body(ctx, n),
  }));

// ---- Top-ups ------------------------------------------------------------------------------------

/**
 * The top-up operations with charge platform A in the API's places: the caller's key is by turns
 * A's test key and live key (even n: test), its token A's; "another merchant's key" is by turns
 * B's (a charge platform) and the payment shop's (not of the charge service). `c.paymentA` and
 * `c.paymentB` in path ids become the own key's order and B's.
 */
const withTopup = (arb: fc.Arbitrary<Build>): fc.Arbitrary<Build> =>
  arb.map((build) => (ctx: Ctx, n: number) => {
    const { topup } = ctx;
    const [keyA, own] = n % 2 ? [topup.liveKey, topup.liveOrder] : [topup.testKey, topup.testOrder];
    return build({ ...ctx, keyA, tokenA: topup.token, keyB: (n >> 1) % 2 ? topup.keyB : ctx.keyA, paymentA: own, paymentB: topup.orderB }, n);
  });

/** A coherent valid order, by n: an MCI direct top-up of an amount, an MCI package at its price, or an Irancell bonus top-up. */
const topupMode = (n: number) => (n % 2 ? 'live' : 'test');
const topupPick = (n: number) => Math.floor(n / 2) % 3;
const topupBody = bodyArb({
  mobile: { valid: (_c, n) => JSON.stringify(['09121234567', '+98 912 123 4567', '۰۹۳۵۱۲۳۴۵۶۷'][topupPick(n)]) },
  operator: { valid: (_c, n) => JSON.stringify(['mci', 'mci', 'irancell'][topupPick(n)]) },
  product_id: {
    valid: (c, n) => {
      const p = c.topup.products[topupMode(n)];
      return JSON.stringify([p.direct, p.pkg, p.wonderful][topupPick(n)]);
    },
  },
  amount: { valid: (_c, n) => [n % 4 < 2 ? '50000' : '"۵۰٬۰۰۰"', 'null', '20000'][topupPick(n)] },
  // Now and then the order id of an order made in beforeAll (a duplicate where it was made).
  order_id: { valid: (_c, n) => JSON.stringify(n % 10 === 0 ? `TOP-${topupMode(n).toUpperCase()}` : `FZ-TOP-${n}`) },
  callback_url: { valid: () => JSON.stringify('https://charge-fuzz.example/back?x=1') },
});

// ---- Split invoices ------------------------------------------------------------------------

/** The split operations with marketplace A in the API's places, as `withTopup` does for top-ups. */
const withSplit = (arb: fc.Arbitrary<Build>): fc.Arbitrary<Build> =>
  arb.map((build) => (ctx: Ctx, n: number) => {
    const { split } = ctx;
    const [keyA, own] = n % 2 ? [split.liveKey, split.liveInvoice] : [split.testKey, split.testInvoice];
    return build({ ...ctx, keyA, tokenA: split.token, keyB: (n >> 1) % 2 ? split.keyB : ctx.keyA, paymentA: own, paymentB: split.invoiceB }, n);
  });

const splitLine = (rials: number, description: string, productId?: string) => ({
  description,
  quantity: 1,
  unitPrice: rials,
  ...(productId ? { productId } : {}),
});
const splitBody = bodyArb({
  // Now and then the bill number of an invoice made in beforeAll (a duplicate where it was made).
  billNumber: { valid: (_c, n) => JSON.stringify(n % 10 === 0 ? `SPLIT-${n % 2 ? 'LIVE' : 'TEST'}` : `FZ-SPLIT-${n}`) },
  mainInvoice: { valid: () => JSON.stringify({ items: [splitLine(800, 'کارمزد بازارگاه')] }) },
  subInvoices: { valid: (c) => JSON.stringify([{ beneficiaryId: c.split.beneficiary, items: [splitLine(500, 'کالا', 'P-1')], addressRef: 'A-1' }]) },
  customerInvoiceItems: { valid: (_c, n) => JSON.stringify(n % 3 ? [splitLine(1300, 'سفارش')] : [{ description: 'سفارش', quantity: '۲', unitPrice: '۶۵۰' }]) },
  payerName: { valid: () => JSON.stringify('علی رضایی') },
  payerMobile: { valid: (_c, n) => (n % 4 ? JSON.stringify('۰۹۱۲۱۲۳۴۵۶۷') : 'null') },
  callbackUrl: { valid: () => JSON.stringify('https://split-fuzz.example/back?x=1') },
  verificationNeeded: { valid: (_c, n) => (n % 5 ? 'false' : 'true') },
});

/** A POST on one invoice by its path id (own, another marketplace's, unknown or junk), without a body. */
const splitAction = (op: string): fc.Arbitrary<Build> =>
  withSplit(
    fc.record({ cred: credential, id: pathOf() }).map(({ cred, id }) => (ctx: Ctx, n: number) => {
      const raw = id(ctx);
      return { path: `/split-invoices/${segment(raw)}/${op}`, headers: { ...cred(ctx), ...peerOf(n) }, pathId: raw };
    }),
  );

const OPS: Record<string, fc.Arbitrary<Build>> = {
  'post /token': post('/token', bodyArb({ api_key: { valid: (c) => JSON.stringify(c.keyA) } }), false),
  'get /platform': get('/platform'),
  'get /services': get('/services'),
  'post /payments': post(
    '/payments',
    bodyArb({
      amount: { valid: (_c, n) => (n % 2 ? String(10_000 + n) : JSON.stringify(String(10_000 + n))) },
      order_id: { valid: (_c, n) => JSON.stringify(`FZ-${n}`) },
      callback_url: { valid: () => JSON.stringify('https://fuzz-shop.example/return?x=1') },
      payer_mobile: { valid: () => JSON.stringify('۰۹۱۲۱۲۳۴۵۶۷') },
      payer_name: { valid: () => JSON.stringify('علی رضایی') },
      description: { valid: () => JSON.stringify('خرید\nبستهٔ اینترنت') },
      product: { valid: () => JSON.stringify('internet-1gb') },
    }),
  ),
  'get /payments': get('/payments', queryArb({ order_id: fc.constantFrom('FZ-1', 'FZ-2', 'ORDER-A', 'nope'), limit: limitValues })),
  'get /payments/{id}': getById((id) => `/payments/${id}`),
  'post /payments/{id}/refunds': fc
    .record({
      id: pathOf((c) => ({ own: c.paidA, theirs: c.paymentB })),
      req: post(
        '',
        bodyArb({
          amount: { valid: (_c, n) => (n % 2 ? String(1 + (n % 5000)) : JSON.stringify(`${1 + (n % 5000)}`)) },
          reason: { valid: () => JSON.stringify('بازگشت وجه سفارش') },
        }),
        true,
        idempotencyRequired,
      ),
    })
    .map(({ id, req }) => (ctx: Ctx, n: number) => {
      const raw = id(ctx);
      return { ...req(ctx, n), path: `/payments/${segment(raw)}/refunds`, pathId: raw };
    }),
  'get /payments/{id}/refunds': getById(
    (id) => `/payments/${id}/refunds`,
    (c) => ({ own: c.paidA, theirs: c.paymentB }),
  ),
  'get /refunds/{id}': getById(
    (id) => `/refunds/${id}`,
    (c) => ({ own: c.refundA, theirs: c.refundB }),
  ),
  'post /payment-links': post(
    '/payment-links',
    bodyArb({
      amount: { valid: (_c, n) => String(5_000 + n) },
      description: { valid: () => JSON.stringify('پیوند\tیک‌باره') },
      expires_at: { valid: () => JSON.stringify(new Date(Date.now() + 86_400_000).toISOString()) },
      usage_limit: { valid: (_c, n) => String(1 + (n % 1000)) },
    }),
  ),
  'get /balance': get('/balance'),
  'post /payouts': withLiveKey(
    post(
      '/payouts',
      bodyArb({
        amount: { valid: (_c, n) => (n % 2 ? String(100_000 + n) : JSON.stringify(`${100_000 + n}`)) },
        bank_account_id: { valid: (c) => JSON.stringify(c.accountA) },
        description: { valid: () => JSON.stringify('برداشت روزانه') },
      }),
    ),
  ),
  'get /payouts': get('/payouts', queryArb({ state: fc.constantFrom('requested', 'paid', 'nope'), page: fc.constantFrom('1', '2', '0', '10001', 'x') })),
  'get /payouts/{id}': getById(
    (id) => `/payouts/${id}`,
    (c) => ({ own: c.payoutA, theirs: c.payoutB }),
  ),
  'get /bank-accounts': get('/bank-accounts'),
  'post /ivr/invoices': withIvr(
    post(
      '/ivr/invoices',
      bodyArb({
        amount: { valid: (_c, n) => (n % 2 ? String(5_000 + n) : JSON.stringify(`${5_000 + n}`)) },
        // Now and then the order id of an invoice made in beforeAll (a duplicate where it was made).
        order_id: { valid: (_c, n) => JSON.stringify(n % 10 === 0 ? 'IVR-LIVE' : `FZ-IVR-${n}`) },
        customer_name: { valid: (_c, n) => (n % 3 ? JSON.stringify('علی رضایی') : n % 2 ? 'null' : '""') },
        email: { valid: (_c, n) => (n % 3 ? JSON.stringify('payer@example.com') : '""') },
        phone: { valid: (_c, n) => (n % 3 ? JSON.stringify('۰۹۱۲ ۱۲۳ ۴۵۶۷') : 'null') },
      }),
    ),
  ),
  'get /ivr/invoices/{tracking_code}': withIvr(getById((id) => `/ivr/invoices/${id}`, undefined, trackingCodes)),
  'post /ivr/transactions': ivrLookupOp,
  'get /ivr/get-transaction-result': withIvr(
    fc
      .record({
        cred: credential,
        which: fc.oneof(
          { weight: 3, arbitrary: fc.constant<'own' | 'theirs' | null>('own') },
          { weight: 1, arbitrary: fc.constant<'own' | 'theirs' | null>('theirs') },
          { weight: 1, arbitrary: fc.constant<'own' | 'theirs' | null>(null) },
        ),
        query: queryArb({ tracking_code: trackingCodes }),
      })
      .map(({ cred, which, query }) => (ctx: Ctx, n: number) => {
        const code = which === 'own' ? ctx.paymentA : which === 'theirs' ? ctx.paymentB : null;
        const q = code === null ? query : `?tracking_code=${code}${query.replace(/^\?/, '&')}`;
        return { path: `/ivr/get-transaction-result${q}`, headers: { ...cred(ctx), ...peerOf(n) } };
      }),
  ),
  'get /topup/products': withTopup(
    get(
      '/topup/products',
      queryArb({
        operator: fc.constantFrom('mci', 'irancell', 'rightel', 'shatel', 'nokia', 'MCI'),
        mobile: fc.constantFrom('09121234567', '۰۹۳۵۱۲۳۴۵۶۷', '+989901234567', '0800000000', '0912', '09991234567'),
        kind: fc.constantFrom('direct', 'package', 'pin', 'wonderful', 'internet'),
      }),
    ),
  ),
  'post /topups': withTopup(post('/topups', topupBody, true, idempotencyRequired)),
  'get /topups/{id}': withTopup(getById((id) => `/topups/${id}`)),
  'post /split-invoices': withSplit(post('/split-invoices', splitBody, true, idempotencyRequired)),
  'get /split-invoices': withSplit(
    get(
      '/split-invoices',
      queryArb({
        state: fc.constantFrom('open', 'paid', 'closed', 'expired', 'nope'),
        billNumber: fc.constantFrom('SPLIT-TEST', 'FZ-SPLIT-3', 'x y'),
        from: fc.constantFrom('2026-01-01', '1405-01-01', '2026-13-40'),
        to: fc.constantFrom('2030-12-31', 'tomorrow'),
        before: fc.constantFrom('1', '99999999999999999999', '-1', 'abc'),
        limit: limitValues,
      }),
    ),
  ),
  'get /split-invoices/{id}': withSplit(getById((id) => `/split-invoices/${id}`)),
  'post /split-invoices/{id}/close': splitAction('close'),
  'post /split-invoices/{id}/verify': splitAction('verify'),
  'post /split-invoices/{id}/cancel': splitAction('cancel'),
  'get /split-beneficiaries': withSplit(get('/split-beneficiaries')),
};

// ---- The run -----------------------------------------------------------------------------------

type Doc = ReturnType<typeof openApiDocument>;
type Operation = { responses: Record<string, { $ref?: string }> };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The operations of the document: the methods of each path item (not its servers or parameters). */
function operations(doc: Doc): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]) => [`${m} ${path}`, op] as [string, Operation]),
  );
}

/** The error codes the document allows for a status of an operation. */
function documentedCodes(doc: Doc, op: Operation, status: string): string[] | null {
  let res: unknown = op.responses[status];
  const deref = (v: unknown) => {
    const r = (v as { $ref?: string })?.$ref;
    if (!r) return v;
    return r
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], doc);
  };
  res = deref(res);
  const schema = deref((res as { content?: Record<string, { schema?: unknown }> })?.content?.['application/json']?.schema) as {
    properties?: { error?: { properties?: { code?: { enum?: string[] } } } };
  };
  return schema?.properties?.error?.properties?.code?.enum ?? null;
}

type Made = Awaited<ReturnType<typeof makePlatform>>;

/**
 * Payouts need a live key, an approved account and money: shop A is approved with a live key (its
 * payout POSTs are sent with it), both merchants get their KYC account and a payout each.
 */
async function payoutsOf(shop: Made, other: Made) {
  const staff = staffActorOf(await makeAdmin(db));
  const accounts: string[] = [];
  const made: string[] = [];
  for (const [i, m] of [shop, other].entries()) {
    const actor = merchantActorOf(m.merchant);
    await db
      .update(kycProfiles)
      .set({ approvedFinancial: { sheba: 'IR820540102680020817909002', accountHolder: `Fuzz ${i}`, accountNumber: '1' } })
      .where(eq(kycProfiles.userId, m.merchant.id));
    const account = (await ensureKycBankAccount(db, actor))!;
    await db.transaction((tx) =>
      transfer(tx, {
        kind: 'test_funding',
        reference: m.platform.id,
        from: { kind: 'gateway_clearing' },
        to: { kind: 'platform_withdrawable', platformId: m.platform.id },
        amount: 100_000_000_000n,
      }),
    );
    const p = await requestPayout(db, actor, { platformId: m.platform.id, bankAccountId: account.id, amount: 200_000n });
    if (!p.ok) throw new Error(JSON.stringify(p));
    accounts.push(account.id);
    made.push(p.data.id);
  }
  expect((await decidePlatform(db, staff, { platformId: shop.platform.id, approve: true })).ok).toBe(true);
  const live = await issueLiveKey(db, merchantActorOf(shop.merchant), { platformId: shop.platform.id });
  if (!live.ok) throw new Error(live.error);
  return { accountA: accounts[0], payoutA: made[0], payoutB: made[1], liveKeyA: live.data.key };
}

/**
 * Refunds need a succeeded payment: shop A gets a sandbox one large enough for every refund the
 * fuzz makes of it (its refund POSTs go to it), and each shop a refund to read.
 */
async function refundsOf(shop: Made, other: Made) {
  const made: { paid: string; refund: string }[] = [];
  for (const m of [shop, other]) {
    const paid = await addPaidPayment(db, m.platform.id, { livemode: false, amount: 10_000_000_000n, fee: 0n });
    const r = await createRefund(db, merchantActorOf(m.merchant), { paymentId: paid.id, amount: 1000n, reason: 'fuzz' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    made.push({ paid: paid.id, refund: r.data.refund.id });
  }
  return { paidA: made[0].paid, refundA: made[0].refund, refundB: made[1].refund };
}

/**
 * PayStar's IVR rail as a stub: it takes most invoices, refuses some and fails on others, by their
 * amount. Its tracking codes are unique across runs on one database, as PayStar's are.
 */
const RUN = String(Date.now() % 1e9).padStart(9, '0');
let factors = 0;
const railStub: IvrRailClient = {
  async createFactor({ amount }) {
    const log = { request: { amount: String(amount) }, response: { stub: true }, latencyMs: 1 };
    if (amount % 11n === 3n) return { ok: false, reason: 'The amount is not valid (stub)', retryable: false, log };
    if (amount % 11n === 7n) return { ok: false, reason: 'timeout (stub)', retryable: true, log };
    return { ok: true, trackingCode: `7${RUN}${String(++factors).padStart(6, '0')}`, log };
  },
  async result() {
    return { status: 'pending', log: { request: null, response: null, latencyMs: 1 } };
  },
};

/** The scripted live top-up provider: its orders are never delivered here (none is paid), only sold. */
const topupProvider = scripted().provider;

/** The charge platforms of the fuzz (see `TopupCtx`), as lib/topup/api.test.ts makes them. */
async function topupOf(): Promise<TopupCtx> {
  setTopupProviderForTests(topupProvider);
  expect((await syncCatalogue(db, topupProvider)).ok).toBe(true);
  expect((await syncCatalogue(db, sandboxProvider())).ok).toBe(true);
  const charge = async (site: string) => {
    const { merchant, merchantServiceId } = await makeMerchantService(db, 'charge');
    const actor = merchantActorOf(merchant);
    const made = await addPlatform(
      db,
      actor,
      addPlatformSchema.parse({
        type: 'website',
        name: 'Charge fuzz',
        address: `https://${site}`,
        expectedMonthlyVolume: '1000000',
        merchantServiceId,
        callbackUrls: [`https://${site}/back`],
      }),
    );
    if (!made.ok) throw new Error(made.error);
    await db.update(platforms).set({ status: 'approved' }).where(eq(platforms.id, made.data.platform.id));
    const live = await issueLiveKey(db, actor, { platformId: made.data.platform.id });
    if (!live.ok) throw new Error(live.error);
    return { live: live.data.key, test: made.data.sandboxKey };
  };
  const [a, b] = [await charge('charge-fuzz.example'), await charge('charge-other.example')];
  const order = async (key: string, orderId: string, site: string) => {
    const res = await postTopup(
      new Request(`${BASE}/topups`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `setup-${orderId}-${RUN}` },
        body: JSON.stringify({ mobile: '09121234567', amount: 50_000, order_id: orderId, callback_url: `https://${site}/back` }),
      }),
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const productsOf = async (provider: string, ids: [string, string, string]) => {
    const all = await offeredProducts(db, provider);
    const [direct, pkg, wonderful] = ids.map((u) => all.find((p) => p.upstreamId === u)?.id);
    if (!direct || !pkg || !wonderful) throw new Error(`products of ${provider} not synced`);
    return { direct, pkg, wonderful };
  };
  const token = await postToken(
    new Request(`${BASE}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: a.test }) }),
  );
  return {
    testKey: a.test,
    liveKey: a.live,
    token: ((await token.json()) as { access_token: string }).access_token,
    keyB: b.live,
    testOrder: await order(a.test, 'TOP-TEST', 'charge-fuzz.example'),
    liveOrder: await order(a.live, 'TOP-LIVE', 'charge-fuzz.example'),
    orderB: await order(b.live, 'TOP-B', 'charge-other.example'),
    products: {
      live: await productsOf('esaj', ['mci-direct', 'mci-pkg-30d-10g', 'ir-wonderful']),
      test: await productsOf('sandbox', ['sbx-mci-direct', 'sbx-mci-pkg-1g-1d', 'sbx-irancell-wonderful']),
    },
  };
}

/** The marketplaces of the fuzz (see `SplitCtx`), with an invoice each made through the API. */
async function splitOf(): Promise<SplitCtx> {
  const marketplace = async () => {
    const m = await makeMarketplace(db);
    await db
      .update(platforms)
      .set({ callbackUrls: ['https://split-fuzz.example/back'] })
      .where(eq(platforms.id, m.platform.id));
    const live = await issueLiveKey(db, m.actor, { platformId: m.platform.id });
    if (!live.ok) throw new Error(live.error);
    return { ...m, live: live.data.key };
  };
  const [a, b] = [await marketplace(), await marketplace()];
  const seller = await makeBeneficiary(db, a, 'Fuzz seller');
  const sellerB = await makeBeneficiary(db, b, 'Other seller');
  const invoice = async (key: string, bill: string, beneficiary: string) => {
    const res = await postSplitInvoice(
      new Request(`${BASE}/split-invoices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `setup-${bill}-${RUN}` },
        body: JSON.stringify(splitInvoiceBody(bill, 800n, [{ beneficiaryId: beneficiary, share: 500n }])),
      }),
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const token = await postToken(
    new Request(`${BASE}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: a.apiKey }) }),
  );
  return {
    testKey: a.apiKey,
    liveKey: a.live,
    token: ((await token.json()) as { access_token: string }).access_token,
    keyB: b.live,
    testInvoice: await invoice(a.apiKey, 'SPLIT-TEST', seller.beneficiary.id),
    liveInvoice: await invoice(a.live, 'SPLIT-LIVE', seller.beneficiary.id),
    invoiceB: await invoice(b.live, 'SPLIT-B', sellerB.beneficiary.id),
    beneficiary: seller.beneficiary.id,
  };
}

/** The IVR platforms of the fuzz (see `IvrCtx`), each with what its clients hold, and an invoice each. */
async function ivrOf(): Promise<IvrCtx> {
  const staff = staffActorOf(await makeAdmin(db));
  const [a, r, b] = [await makeIvrPlatform(db), await makeIvrPlatform(db), await makeIvrPlatform(db)];
  expect((await setIvrRail(db, staff, r.platform.id, 'paystar')).ok).toBe(true);
  const live = async (f: typeof a) => {
    const k = await issueLiveKey(db, f.actor, { platformId: f.platform.id });
    if (!k.ok) throw new Error(k.error);
    return k.data.key;
  };
  const [liveKey, railKey] = [await live(a), await live(r)];
  const invoice = async (key: string, order: string) => {
    const res = await postIvrInvoice(
      new Request(`${BASE}/ivr/invoices`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 50_000, order_id: order }),
      }),
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { tracking_code: string }).tracking_code;
  };
  const token = await postToken(
    new Request(`${BASE}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: a.apiKey }) }),
  );
  return {
    testKey: a.apiKey,
    liveKey,
    token: ((await token.json()) as { access_token: string }).access_token,
    railKey,
    keyB: b.apiKey,
    credential: a.credential,
    credentialB: b.credential,
    trunk: a.trunk,
    testCode: await invoice(a.apiKey, 'IVR-TEST'),
    liveCode: await invoice(liveKey, 'IVR-LIVE'),
    railCode: await invoice(railKey, 'IVR-RAIL'),
    codeB: await invoice(b.apiKey, 'IVR-B'),
  };
}

describe('fuzzing every operation of the API document', () => {
  const doc = openApiDocument('http://dargah.test');
  let ctx: Ctx;

  beforeAll(async () => {
    setIvrRailForTests(railStub);
    const shop = await makePlatform(db, {
      type: 'website',
      name: 'Fuzz shop',
      address: 'https://fuzz-shop.example',
      expectedMonthlyVolume: '1000000',
      callbackUrls: ['https://fuzz-shop.example/return'],
    });
    const other = await makePlatform(db, {
      type: 'website',
      name: 'Other shop',
      address: 'https://other-shop.example',
      expectedMonthlyVolume: '1000000',
      callbackUrls: ['https://other-shop.example/return'],
    });
    const create = async (key: string, callback: string) => {
      const res = await postPayment(
        new Request(`${BASE}/payments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 150000, order_id: 'ORDER-A', callback_url: callback }),
        }),
      );
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const token = await postToken(
      new Request(`${BASE}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: shop.key }) }),
    );
    ctx = {
      keyA: shop.key,
      keyB: other.key,
      tokenA: ((await token.json()) as { access_token: string }).access_token,
      paymentA: await create(shop.key, 'https://fuzz-shop.example/return'),
      orderA: 'ORDER-A',
      paymentB: await create(other.key, 'https://other-shop.example/return'),
      ...(await payoutsOf(shop, other)),
      ...(await refundsOf(shop, other)),
      ivr: await ivrOf(),
      topup: await topupOf(),
      split: await splitOf(),
    };
  });

  afterAll(() => {
    delete process.env.API_RATE_LIMIT_PER_MINUTE;
    setIvrRailForTests(null);
    setTopupProviderForTests(null);
  });

  it('covers every operation of the OpenAPI document', () => {
    expect(
      operations(doc)
        .map(([k]) => k)
        .sort(),
    ).toEqual(Object.keys(HANDLERS).sort());
    expect(Object.keys(OPS).sort()).toEqual(Object.keys(HANDLERS).sort());
  });

  it(`answers ${PER_ENDPOINT} hostile requests per operation with documented statuses and codes only, never a 500`, async () => {
    const failures: string[] = [];
    const sent: Record<string, number> = {};
    const statuses: Record<string, Record<number, number>> = {};
    const seconds: Record<string, number> = {};
    let n = 0;
    let hung = 0;
    for (const [i, [key, op]] of operations(doc).entries()) {
      if (hung >= 3) break;
      const [method] = key.split(' ');
      const { handler, ok, errors, never = [] } = HANDLERS[key];
      // A path may name a server of its own (the IVR endpoints are under /api, not /api/v1).
      const base = (doc.paths[key.slice(key.indexOf(' ') + 1) as keyof Doc['paths']] as { servers?: { url: string }[] }).servers?.[0]?.url ?? BASE;
      // Without fast-check's bias, which draws the hostile choices of one request together (a junk
      // credential with every junk field): each part is chosen on its own, by the weights above.
      const builds = fc.sample(fc.noBias(OPS[key]), { seed: SEED + i, numRuns: PER_ENDPOINT });
      sent[key] = 0;
      const t0 = performance.now();
      statuses[key] = {};
      for (const build of builds) {
        n++;
        const spec = build(ctx, n);
        const req = new Request(`${base}${spec.path}`, { method: method.toUpperCase(), headers: spec.headers, body: spec.body });
        const what = () => `${key} ${spec.path.slice(0, 120)} ${JSON.stringify(spec.headers).slice(0, 160)} ${(spec.body ?? '').slice(0, 200)}`;
        let res: Response;
        try {
          let timer: NodeJS.Timeout | undefined;
          const hung = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('no answer in 10 s')), 10_000);
          });
          res = await Promise.race([handler(req, { params: Promise.resolve({ id: spec.pathId ?? '' }) }), hung]).finally(() => clearTimeout(timer));
        } catch (err) {
          failures.push(`threw ${String(err).slice(0, 200)} <- ${what()}`);
          // A handler that hangs would hang every later request too: stop early, keep the run short.
          if (++hung >= 3) break;
          continue;
        }
        sent[key]++;
        statuses[key][res.status] = (statuses[key][res.status] ?? 0) + 1;
        const text = await res.text();
        const status = String(res.status);
        if (!(status in op.responses) || never.includes(res.status)) {
          failures.push(`${status} ${never.includes(res.status) ? 'never expected here' : 'not documented'}: ${text.slice(0, 200)} <- ${what()}`);
          continue;
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          failures.push(`${status} answered non-JSON ${text.slice(0, 100)} <- ${what()}`);
          continue;
        }
        if (res.status >= 400 && errors) {
          if (!errors.safeParse(body).success) failures.push(`${status} body does not match the documented error: ${text.slice(0, 200)} <- ${what()}`);
        } else if (res.status >= 400) {
          const code = (body as { error?: { code?: unknown } }).error?.code;
          const allowed = documentedCodes(doc, op, status);
          if (typeof code !== 'string' || !allowed?.includes(code)) failures.push(`${status} with undocumented code ${String(code)} <- ${what()}`);
        } else if (!ok.safeParse(body).success) {
          failures.push(`${status} body does not match the documented schema: ${text.slice(0, 200)} <- ${what()}`);
        }
      }
      seconds[key] = Math.round((performance.now() - t0) / 100) / 10;
    }
    const total = Object.values(sent).reduce((a, b) => a + b, 0);
    console.log(
      `[fuzz] seed ${SEED}: ${total} requests; per operation: ${JSON.stringify(sent)}; statuses: ${JSON.stringify(statuses)}; seconds: ${JSON.stringify(seconds)}`,
    );
    const failedBy: Record<string, number> = {};
    for (const f of failures) {
      const op = / <- (\w+ \S+)/.exec(f)?.[1] ?? '?';
      failedBy[op] = (failedBy[op] ?? 0) + 1;
    }
    expect({ failures: failures.length, by: failedBy, first: failures.slice(0, 25) }).toEqual({ failures: 0, by: {}, first: [] });
    for (const key of Object.keys(HANDLERS)) {
      expect(sent[key]).toBeGreaterThanOrEqual(200);
      // The fuzz reaches the handlers' own logic, not only the authentication in front of them.
      const passed = Object.entries(statuses[key])
        .filter(([s]) => Number(s) < 300 || Number(s) === 400 || Number(s) === 404)
        .reduce((a, [, c]) => a + c, 0);
      expect(passed / sent[key], key).toBeGreaterThan(0.3);
    }
  }, 600_000);
});
