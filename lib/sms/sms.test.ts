import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsMessages } from '@/db/schema';
import { testDb, uniqueMobile } from '@/test/db';
import { deliverSms, recordSms, smsLocalId } from './index';
import { consoleProvider, kavenegarProvider } from './providers';

const db = testDb();

/** A local stand-in for api.kavenegar.com speaking its documented sms/send.json protocol. */
type Seen = { path: string; form: URLSearchParams };
const seen: Seen[] = [];
let answer: { http: number; body: unknown } = { http: 200, body: {} };
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push({ path: req.url ?? '', form: new URLSearchParams(body) });
    res.writeHead(answer.http, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ok = (id: number) => ({
  http: 200,
  body: { return: { status: 200, message: 'تایید شد' }, entries: [{ messageid: id, status: 1, statustext: 'در صف ارسال', receptor: '' }] },
});

describe('Kavenegar provider', () => {
  it('posts receptor, message and sender to /v1/{key}/sms/send.json and keeps the message id', async () => {
    answer = ok(8792343);
    const p = kavenegarProvider({ apiKey: 'KEY-123', baseUrl, sender: '10004346' });
    expect(await p.send('09121234567', 'کد: 12345')).toEqual({ messageId: '8792343' });
    const last = seen.at(-1)!;
    expect(last.path).toBe('/v1/KEY-123/sms/send.json');
    expect(Object.fromEntries(last.form)).toEqual({ receptor: '09121234567', message: 'کد: 12345', sender: '10004346' });
    expect(await p.send('09121234567', 'x', '42')).toEqual({ messageId: '8792343' });
    expect(seen.at(-1)!.form.get('localid')).toBe('42');
  });

  it('marks an outbox message sent and masks the code once the provider has it', async () => {
    answer = ok(1001);
    const mobile = uniqueMobile();
    const id = await recordSms(db, { mobile, body: 'کد تأیید: 54321' });
    const p = kavenegarProvider({ apiKey: 'K', baseUrl });
    expect(await deliverSms(db, id, p)).toBe('sent');
    const [row] = await db.select().from(smsMessages).where(eq(smsMessages.id, id));
    expect(row).toMatchObject({ status: 'sent', providerMessageId: '1001', attempts: 1, body: 'کد تأیید: •••••' });
    expect(await deliverSms(db, id, p)).toBe('already-done');
  });

  it('sends the same localid on every attempt of one message (the worker died after the provider took it), another for another', async () => {
    answer = ok(1002);
    const id = await recordSms(db, { mobile: uniqueMobile(), body: 'paid' });
    const real = kavenegarProvider({ apiKey: 'K', baseUrl });
    // The provider accepts it; the worker dies before it can mark the message sent (here: the answer is lost).
    const dying = { name: 'kavenegar', send: async (m: string, b: string, l?: string) => (await real.send(m, b, l), Promise.reject(new Error('worker died'))) };
    await expect(deliverSms(db, id, dying)).rejects.toThrow('worker died');
    const first = seen.at(-1)!.form.get('localid');
    expect(await deliverSms(db, id, real)).toBe('sent');
    const second = seen.at(-1)!.form.get('localid');
    expect(first).toMatch(/^\d{1,19}$/);
    expect(second).toBe(first);
    expect(BigInt(first!)).toBeLessThan(2n ** 63n);
    expect(smsLocalId(id)).toBe(first);
    const other = await recordSms(db, { mobile: uniqueMobile(), body: 'paid' });
    expect(smsLocalId(other)).not.toBe(first);
  });

  it('keeps a message queued with its error on a passing failure, so the job retries', async () => {
    answer = { http: 502, body: { return: { status: 502, message: 'bad gateway' } } };
    const id = await recordSms(db, { mobile: uniqueMobile(), body: 'hello' });
    const p = kavenegarProvider({ apiKey: 'K', baseUrl });
    await expect(deliverSms(db, id, p)).rejects.toThrow(/502/);
    const [row] = await db.select().from(smsMessages).where(eq(smsMessages.id, id));
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lastError: 'kavenegar 502: bad gateway' });
    answer = ok(7);
    expect(await deliverSms(db, id, p)).toBe('sent');
  });

  it('fails for good, visibly, on an error retrying cannot fix (invalid receptor) or on the last attempt', async () => {
    answer = { http: 411, body: { return: { status: 411, message: 'receptor invalid' } } };
    const id = await recordSms(db, { mobile: uniqueMobile(), body: 'hello' });
    expect(await deliverSms(db, id, kavenegarProvider({ apiKey: 'K', baseUrl }))).toBe('failed');
    const [row] = await db.select().from(smsMessages).where(eq(smsMessages.id, id));
    expect(row).toMatchObject({ status: 'failed', lastError: 'kavenegar 411: receptor invalid' });

    answer = { http: 500, body: {} };
    const id2 = await recordSms(db, { mobile: uniqueMobile(), body: 'hello' });
    expect(await deliverSms(db, id2, kavenegarProvider({ apiKey: 'K', baseUrl }), true)).toBe('failed');
  });

  it('the console provider keeps the text for the dev inbox', async () => {
    const id = await recordSms(db, { mobile: uniqueMobile(), body: 'code 11111' });
    expect(await deliverSms(db, id, consoleProvider)).toBe('sent');
    const [row] = await db.select().from(smsMessages).where(eq(smsMessages.id, id));
    expect(row.body).toBe('code 11111');
  });
});
