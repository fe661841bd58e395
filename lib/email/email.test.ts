import { eq } from 'drizzle-orm';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emailMessages } from '@/db/schema';
import { testDb } from '@/test/db';
import { deliverEmail, recordEmail } from './index';
import { smtpTransport } from './transport';

const db = testDb();

type Received = { from: string; to: string[]; raw: string };

/**
 * A real SMTP server on a loopback port, started and stopped by this file: it keeps every
 * message it accepts, and refuses recipients at `refused.example` for good (550).
 */
function localSmtp() {
  const received: Received[] = [];
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.endsWith('@refused.example')) {
          const e = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
          return callback(e);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
  let server = make();
  let port = 0;
  return {
    received,
    get port() {
      return port;
    },
    async start() {
      server = make();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
      port = (server.server.address() as AddressInfo).port;
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const smtp = localSmtp();
let transport: ReturnType<typeof smtpTransport>;

beforeAll(async () => {
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop().catch(() => {});
});
afterEach(() => transport?.close());

function connect() {
  transport = smtpTransport({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'Dargah <no-reply@dargah.test>', timeoutMs: 3000 });
  return transport;
}

async function row(id: string) {
  const [r] = await db.select().from(emailMessages).where(eq(emailMessages.id, id));
  return r;
}

describe('e-mail delivery over SMTP', () => {
  it('delivers a real message with the right To, Subject and body, and keeps no code readable after', async () => {
    const to = `owner-${Date.now()}@example.com`;
    const id = await recordEmail(db, { to, subject: 'Your Dargah sign-up code', body: 'Your sign-up code is 48213. It is valid for 2 minutes.' });
    expect(await deliverEmail(db, id, connect())).toBe('sent');

    const got = smtp.received.find((m) => m.to.includes(to));
    expect(got).toBeDefined();
    expect(got!.from).toBe('no-reply@dargah.test');
    expect(got!.raw).toMatch(new RegExp(`^To: ${to.replace('.', '\\.')}$`, 'm'));
    expect(got!.raw).toMatch(/^Subject: Your Dargah sign-up code$/m);
    expect(got!.raw).toContain('Your sign-up code is 48213.');

    const r = await row(id);
    expect(r.status).toBe('sent');
    expect(r.sentAt).not.toBeNull();
    expect(r.providerMessageId).toMatch(/@/);
    expect(r.body).not.toContain('48213');
  });

  it('records an SMTP outage on the message and a retry delivers it', async () => {
    const to = `outage-${Date.now()}@example.com`;
    const id = await recordEmail(db, { to, subject: 'Decision', body: 'Your customer information is approved.' });
    const t = connect();
    await smtp.stop();
    try {
      // A passing failure: recorded, still queued, and thrown so the job queue retries it.
      await expect(deliverEmail(db, id, t)).rejects.toThrow(/ECONNREFUSED|ECONNECTION|connect/i);
      const failed = await row(id);
      expect(failed.status).toBe('queued');
      expect(failed.attempts).toBe(1);
      expect(failed.lastError).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
      expect(smtp.received.some((m) => m.to.includes(to))).toBe(false);
    } finally {
      await smtp.start();
    }
    expect(await deliverEmail(db, id, t)).toBe('sent');
    const r = await row(id);
    expect(r).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(smtp.received.filter((m) => m.to.includes(to))).toHaveLength(1);
    // Delivered once: a late duplicate job does nothing.
    expect(await deliverEmail(db, id, t)).toBe('already-done');
  });

  it('marks a message the server refuses for good as failed, with the reason, without retrying', async () => {
    const id = await recordEmail(db, { to: 'nobody@refused.example', subject: 'Hello', body: 'Body' });
    expect(await deliverEmail(db, id, connect())).toBe('failed');
    const r = await row(id);
    expect(r.status).toBe('failed');
    expect(r.lastError).toMatch(/550/);
  });

  it('gives up after the last attempt of a passing failure, keeping the error', async () => {
    const id = await recordEmail(db, { to: `last-${Date.now()}@example.com`, subject: 'Hello', body: 'Body' });
    const dead = smtpTransport({ host: '127.0.0.1', port: 1, from: 'Dargah <no-reply@dargah.test>', timeoutMs: 2000 });
    expect(await deliverEmail(db, id, dead, true)).toBe('failed');
    const r = await row(id);
    expect(r.status).toBe('failed');
    expect(r.lastError).toBeTruthy();
  });
});
