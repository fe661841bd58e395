import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, depositSlips, ledgerPostings, messages, payments, smsMessages, webhookDeliveries, webhookEvents } from '@/db/schema';
import { ledgerViolations, platformBalances } from '@/lib/ledger';
import { setWebhookEndpoint } from '@/lib/webhooks/endpoints';
import { deliverEvent } from '@/lib/webhooks/events';
import { testDb, uniqueIp, uniqueMobile } from '@/test/db';
import { makeAdmin, makePlatform } from '@/test/fixtures';
import { actorOf, type MerchantActor } from '@/lib/actor';
import { decide, makeLinkShop, saveLink } from './fixtures';
import { listLinkPayments } from './link-report';
import { buildLink, checkSignature, getLinkSettings, prefillOf } from './link-settings';
import { merchantBalances } from './balances';
import { payByLink } from './pay-by-link';
import { reportPlatforms } from '@/lib/reports/options';

// These tests deliver webhooks to a local receiver on 127.0.0.1, which production refuses
// (lib/net); the opt-in is honoured only outside production, and only this file sets it.
beforeAll(() => {
  process.env.UNSAFE_ALLOW_PRIVATE_TARGETS = '1';
});
afterAll(() => {
  delete process.env.UNSAFE_ALLOW_PRIVATE_TARGETS;
});
const db = testDb();
const BASE = 'http://localhost:3999';

afterEach(async () => {
  expect(await ledgerViolations(db)).toEqual({ unbalanced: [], drifted: [], negative: [] });
});

const linkShop = (over: Record<string, unknown> = {}) => makeLinkShop(db, over);

const payer = { name: 'Payer One', mobile: uniqueMobile(), amount: '25000', method: 'online', gateway: 'sandbox' };
const slip = { name: 'Payer Two', mobile: uniqueMobile(), amount: '120000', method: 'slip', bank: 'mellat', slipNumber: '778899', depositDate: '1405/08/01' };

describe('payment links', () => {
  it('validates settings: handle shape, taken handles, max below min, no payment method', async () => {
    const a = await linkShop();
    const b = await makePlatform(db);
    const bad = async (input: Record<string, unknown>) => {
      const r = await saveLink(db, b.merchant, b.platform.id, {
        handle: 'fine-handle-x',
        title: 'T2',
        displayUnit: 'rial',
        gateways: ['sandbox'],
        minAmount: '1000',
        maxAmount: '2000',
        ...input,
      });
      return r.ok ? null : 'fieldErrors' in r ? r.fieldErrors : r.error;
    };
    expect(await bad({ handle: 'Ab' })).toMatchObject({ handle: 'handleInvalid' });
    expect(await bad({ handle: 'receipt' })).toMatchObject({ handle: 'handleInvalid' });
    expect(await bad({ handle: a.handle })).toMatchObject({ handle: 'handleTaken' });
    expect(await bad({ minAmount: '5000', maxAmount: '10' })).toMatchObject({ maxAmount: 'maxBelowMin' });
    expect(await bad({ gateways: [], acceptSlips: false })).toMatchObject({ gateways: 'noPaymentMethod' });
    expect(await bad({ minAmount: '-1' })).toMatchObject({ minAmount: 'amountNotPositive' });
    // Another merchant's platform is simply not found.
    expect(await saveLink(db, b.merchant, a.platform.id, { ...a.settings, minAmount: '1', maxAmount: '2' })).toMatchObject({
      ok: false,
      error: 'notFound',
    });
    expect(await getLinkSettings(db, actorOf(b.merchant), a.platform.id)).toBe('notFound');
  });

  it('refuses bad amounts with clear errors and changes nothing', async () => {
    const { handle, platform } = await linkShop();
    const cases: [string, string][] = [
      ['0', 'amountNotPositive'],
      ['-5', 'amountNotPositive'],
      ['12.5', 'amountFractional'],
      ['12345678901234567890', 'amountTooLarge'],
      ['99', 'amountBelowMin'],
      ['900000000', 'amountAboveMax'],
      ['abc', 'amountInvalid'],
    ];
    for (const [amount, error] of cases) {
      const r = await payByLink(db, { handle, payer: { ...payer, amount, mobile: uniqueMobile() }, query: {} }, { baseUrl: BASE, ip: uniqueIp() });
      expect(r).toEqual({ ok: false, fieldErrors: { amount: error } });
    }
    // Persian digits are fine, and Toman means ten Rials each.
    const ok = await payByLink(db, { handle, payer: { ...payer, amount: '۲۵٬۰۰۰', mobile: uniqueMobile() }, query: {} }, { baseUrl: BASE, ip: uniqueIp() });
    expect(ok.ok).toBe(true);
    const rows = await db.select().from(payments).where(eq(payments.platformId, platform.id));
    expect(rows.map((r) => r.amount)).toEqual([250_000n]);
    expect(await payByLink(db, { handle: 'no-such-handle', payer: payer, query: {} }, { baseUrl: BASE, ip: uniqueIp() })).toEqual({
      ok: false,
      error: 'notFound',
    });
  });

  it('signed links lock their fields; a changed one is refused', async () => {
    const { handle, merchant, platform, settings } = await linkShop();
    const built = await buildLink(db, actorOf(merchant), { platformId: platform.id, amount: '30000', description: 'Invoice 7', sign: true }, BASE);
    const url = built.ok ? built.data.url : null;
    const query = Object.fromEntries(new URL(url!).searchParams);
    expect(checkSignature(settings, query)).toBe('valid');
    expect(checkSignature(settings, { ...query, amount: '3000' })).toBe('invalid');
    expect(checkSignature(settings, { ...query, description: 'x' })).toBe('invalid');
    expect(checkSignature(settings, { amount: '30000' })).toBe('none');
    expect(
      await payByLink(db, { handle, payer: { ...payer, mobile: uniqueMobile() }, query: { ...query, amount: '1000' } }, { baseUrl: BASE, ip: uniqueIp() }),
    ).toEqual({
      ok: false,
      error: 'linkTampered',
    });
    // The form says 25 000, the signed link says 30 000: the link wins.
    const r = await payByLink(db, { handle, payer: { ...payer, mobile: uniqueMobile() }, query }, { baseUrl: BASE, ip: uniqueIp() });
    expect(r.ok).toBe(true);
    const [p] = await db.select().from(payments).where(eq(payments.platformId, platform.id));
    expect([p.amount, p.amountLocked, p.description]).toEqual([300_000n, true, 'Invoice 7']);
    // The product's own parameter names prefill too.
    expect(prefillOf({ price: '5', receivername: 'Ali' })).toEqual({ amount: '5', name: 'Ali' });
  });

  it('a slip waits for the merchant; 20 concurrent confirmations count it once; another merchant cannot decide it', async () => {
    const { handle, platform, merchant } = await linkShop();
    const r = await payByLink(db, { handle, payer: { ...slip, mobile: uniqueMobile() }, query: {} }, { baseUrl: BASE, ip: uniqueIp() });
    expect(r.ok).toBe(true);
    const [p] = await db.select().from(payments).where(eq(payments.platformId, platform.id));
    expect([p.method, p.state]).toEqual(['slip', 'awaiting_confirmation']);
    expect((await platformBalances(db, platform.id)).pending).toBe(0n);

    const stranger = await makePlatform(db);
    expect(await decide(db, stranger.merchant, { paymentId: p.id, approve: true })).toEqual({ ok: false, error: 'notFound' });

    const results = await Promise.all(Array.from({ length: 20 }, () => decide(db, merchant, { paymentId: p.id, approve: true })));
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    const posted = await db
      .select()
      .from(ledgerPostings)
      .where(and(eq(ledgerPostings.kind, 'payment_succeeded'), eq(ledgerPostings.reference, p.id)));
    expect(posted).toHaveLength(1);
    const [after] = await db.select().from(payments).where(eq(payments.id, p.id));
    expect((await platformBalances(db, platform.id)).pending).toBe(1_200_000n - after.fee!);
    expect(await decide(db, merchant, { paymentId: p.id, approve: false, reason: 'late' })).toEqual({ ok: false, error: 'alreadyDecided' });
    const report = await listLinkPayments(db, actorOf(merchant), { method: 'slip' });
    expect(report.rows.map((x) => x.payment.id)).toContain(p.id);
    expect((await listLinkPayments(db, actorOf(stranger.merchant), {})).rows).toEqual([]);
  });

  it('rejecting a slip needs a reason and moves no money', async () => {
    const { handle, platform, merchant } = await linkShop();
    await payByLink(db, { handle, payer: { ...slip, mobile: uniqueMobile() }, query: {} }, { baseUrl: BASE, ip: uniqueIp() });
    const [p] = await db.select().from(payments).where(eq(payments.platformId, platform.id));
    expect(await decide(db, merchant, { paymentId: p.id, approve: false })).toMatchObject({
      ok: false,
      fieldErrors: { reason: 'reasonRequired' },
    });
    expect(await decide(db, merchant, { paymentId: p.id, approve: false, reason: 'No such deposit' })).toMatchObject({ ok: true });
    expect((await platformBalances(db, platform.id)).pending).toBe(0n);
  });

  it('a merchant approving and staff rejecting the same slip at once: one decision, and the slip records the winner', async () => {
    for (let round = 0; round < 5; round++) {
      const { handle, platform, merchant } = await linkShop();
      await payByLink(db, { handle, payer: { ...slip, mobile: uniqueMobile() }, query: {} }, { baseUrl: BASE, ip: uniqueIp() });
      const [p] = await db.select().from(payments).where(eq(payments.platformId, platform.id));
      const staff = await makeAdmin(db);
      const [approved, rejected] = await Promise.all([
        decide(db, merchant, { paymentId: p.id, approve: true }),
        decide(db, staff, { paymentId: p.id, approve: false, reason: 'No such deposit' }),
      ]);
      expect([approved.ok, rejected.ok].filter(Boolean)).toHaveLength(1);
      const [after] = await db.select().from(payments).where(eq(payments.id, p.id));
      const [decided] = await db.select().from(depositSlips).where(eq(depositSlips.paymentId, p.id));
      if (approved.ok) {
        expect(after.state).toBe('succeeded');
        expect([decided.decidedBy, decided.reason]).toEqual([merchant.id, null]);
      } else {
        expect(after.state).toBe('failed');
        expect([decided.decidedBy, decided.reason]).toEqual([staff.id, 'No such deposit']);
      }
    }
  });
});

describe('another merchant gets nothing through the actor', () => {
  it('balances, the link builder and the report filters answer only the owner; a slip decision is audited once, by the winner', async () => {
    const { handle, platform, merchant } = await linkShop();
    const stranger = await makePlatform(db);
    expect(await merchantBalances(db, actorOf(stranger.merchant), { platformId: platform.id })).toEqual([]);
    expect((await merchantBalances(db, actorOf(merchant), { platformId: platform.id })).map((b) => b.platformId)).toEqual([platform.id]);
    expect(await buildLink(db, actorOf(stranger.merchant), { platformId: platform.id, sign: true }, BASE)).toEqual({ ok: false, error: 'notFound' });
    expect((await reportPlatforms(db, actorOf(stranger.merchant))).map((p) => p.id)).not.toContain(platform.id);
    expect((await reportPlatforms(db, actorOf(merchant))).map((p) => p.id)).toEqual([platform.id]);

    await payByLink(db, { handle, payer: { ...slip, mobile: uniqueMobile() }, query: {} }, { baseUrl: BASE, ip: uniqueIp() });
    const [p] = await db.select().from(payments).where(eq(payments.platformId, platform.id));
    const staff = await makeAdmin(db);
    await Promise.all([
      decide(db, merchant, { paymentId: p.id, approve: true }),
      decide(db, staff, { paymentId: p.id, approve: false, reason: 'No such deposit' }),
    ]);
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.objectType, 'payment'), eq(auditEvents.objectId, p.id)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ merchantId: merchant.id, action: expect.stringMatching(/^deposit_slip\.(approved|rejected)$/) });
  });
});

describe('webhooks', () => {
  it('signs events per Standard Webhooks, records every attempt, and retries until accepted', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let answer = 500;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(answer).end(answer === 200 ? 'ok' : 'busy');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { handle, platform, merchant } = await linkShop();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const set = await setWebhookEndpoint(db, actorOf(merchant) as MerchantActor, { platformId: platform.id, url: url.replace('127.0.0.1', 'localhost') });
      expect(set.ok).toBe(true);
      const secret = set.ok ? set.data.secret! : '';
      await payByLink(db, { handle, payer: { ...slip, mobile: uniqueMobile() }, query: {} }, { baseUrl: BASE, ip: uniqueIp() });
      const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.platformId, platform.id));
      expect(event.type).toBe('deposit_slip.submitted');

      expect(await deliverEvent(db, event.id, false)).toBe('retry');
      answer = 200;
      expect(await deliverEvent(db, event.id, false)).toBe('delivered');
      expect(received).toHaveLength(2);
      const last = received[1];
      const verified = new Webhook(secret).verify(last.body, {
        'webhook-id': String(last.headers['webhook-id']),
        'webhook-timestamp': String(last.headers['webhook-timestamp']),
        'webhook-signature': String(last.headers['webhook-signature']),
      }) as { type: string; data: { tracking_code: string } };
      expect(verified.type).toBe('deposit_slip.submitted');
      expect(() => new Webhook(secret).verify(last.body.replace('slip', 'slop'), last.headers as Record<string, string>)).toThrow();
      const attempts = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, event.id));
      expect(attempts.map((a) => a.status).sort()).toEqual([200, 500]);
      const [after] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, event.id));
      expect([after.state, after.attempts]).toEqual(['delivered', 2]);
      // Two failures are no news yet: the merchant's inbox has no webhook warning.
      expect(
        await db
          .select()
          .from(messages)
          .where(and(eq(messages.userId, merchant.id), eq(messages.category, 'webhook'))),
      ).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('tells the merchant, once a day and by SMS too, when an endpoint keeps failing', async () => {
    const server = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(503).end('down')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { handle, platform, merchant } = await linkShop();
      const url = `http://localhost:${(server.address() as AddressInfo).port}/hooks`;
      expect((await setWebhookEndpoint(db, actorOf(merchant) as MerchantActor, { platformId: platform.id, url })).ok).toBe(true);
      await payByLink(db, { handle, payer: { ...slip, mobile: uniqueMobile() }, query: {} }, { baseUrl: BASE, ip: uniqueIp() });
      const [event] = await db.select().from(webhookEvents).where(eq(webhookEvents.platformId, platform.id));
      for (let i = 0; i < 5; i++) expect(await deliverEvent(db, event.id, false)).toBe('retry');
      const warnings = await db
        .select()
        .from(messages)
        .where(and(eq(messages.userId, merchant.id), eq(messages.category, 'webhook')));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ template: 'webhookFailing', important: true, link: `/platforms/${platform.id}` });
      expect(warnings[0].body).toContain(url);
      const texts = await db.select().from(smsMessages).where(eq(smsMessages.mobile, merchant.mobile));
      expect(texts.filter((t) => t.body.includes(url))).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});
