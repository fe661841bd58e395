import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, prettyLine } from './core.mjs';
import { currentRequestId, logger, setLoggerForTests, withLogContext } from './index';
import { upstreamFetch } from '@/lib/net/upstream';

/** A logger whose lines land in an array. */
function capture(pretty = false) {
  const lines: string[] = [];
  const l = createLogger({ env: { APP_ENV: 'production', LOG_LEVEL: 'debug' }, pretty, destination: { write: (s: string) => lines.push(s) } });
  return { l, lines };
}

afterEach(() => setLoggerForTests(null));

describe('lib/log', () => {
  const SECRET = 's3cr3t-Value-9f8e7d';
  const PAN = '6037991234567893'; // Luhn-valid
  const SHEBA = 'IR820540102680020817909002';

  it('never writes a secret under a redacted key, at any depth, nor a card number in free text', () => {
    const { l, lines } = capture();
    l.info(
      {
        password: SECRET,
        user: { apiKey: SECRET, profile: { otpCode: SECRET } },
        req: { headers: { authorization: `Bearer ${SECRET}`, cookie: `session=${SECRET}`, 'x-api-key': SECRET } },
        a: { b: { c: { d: { token: SECRET } } } },
        card_number: PAN,
        sheba: SHEBA,
      },
      `paid with card ${PAN} (also written 6037-9912-3456-7893)`,
    );
    l.error({ err: new Error(`bank said: card ${PAN} declined`) }, 'verify failed');
    const out = lines.join('');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(PAN);
    expect(out).not.toContain('6037-9912-3456-7893');
    expect(out).toContain('603799******7893');
    expect(out).toContain('[redacted]');
    // What is not a secret stays readable: the sheba, the message, the error's type.
    expect(out).toContain(SHEBA);
    const first = JSON.parse(lines[0]);
    expect(first.msg).toBe('paid with card 603799******7893 (also written 603799******7893)');
    expect(first.user.profile.otpCode).toBe('[redacted]');
    expect(JSON.parse(lines[1]).err.message).toBe('bank said: card 603799******7893 declined');
  });

  it("keeps a database error's code, detail and constraint, never its client, connection or parameters", () => {
    const { l, lines } = capture();
    // postgres.js's own error (its fields as the server sent them), with what a driver or pool may hang on it.
    const pgErr = new postgres.PostgresError({
      message: 'duplicate key value violates unique constraint "users_mobile_key"',
      severity: 'ERROR',
      code: '23505',
      detail: 'Key (mobile)=(09121234567) already exists.',
      schema_name: 'public',
      table_name: 'users',
      constraint_name: 'users_mobile_key',
      routine: '_bt_check_unique',
    } as never);
    const connection = { host: 'db.internal', port: 5432, user: 'dargah', password: SECRET, database: 'dargah', buffer: 'x'.repeat(6000) };
    const client = { connection, options: { max: 20, pass: SECRET }, queue: [] as unknown[] };
    client.queue.push(client); // live objects point at each other
    Object.assign(pgErr, {
      client,
      connection,
      query: 'insert into "users" ("mobile", "password_hash") values ($1, $2)',
      parameters: ['09121234567', SECRET],
      args: [SECRET],
      types: [1043, 25],
    });
    // drizzle's wrapper, whose message repeats the parameters.
    const wrapped = new DrizzleQueryError('insert into "users" ("mobile", "password_hash") values ($1, $2)', ['09121234567', SECRET], pgErr);
    l.error({ err: pgErr }, 'insert failed');
    l.error({ err: wrapped }, 'insert failed');
    const [direct, viaDrizzle] = lines.map((line) => JSON.parse(line));
    for (const line of lines) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain('db.internal');
      expect(line).not.toContain('xxxxxxxxxx');
    }
    expect(direct.err).toMatchObject({
      type: 'PostgresError',
      message: 'duplicate key value violates unique constraint "users_mobile_key"',
      code: '23505',
      detail: 'Key (mobile)=(09121234567) already exists.',
      table_name: 'users',
      constraint_name: 'users_mobile_key',
      query: 'insert into "users" ("mobile", "password_hash") values ($1, $2)',
    });
    expect(direct.err.stack).toContain('PostgresError');
    expect(direct.err.omitted).toEqual(['client', 'connection', 'parameters', 'args', 'types']);
    // Under drizzle's wrapper: the message without the parameters, the database's fields as `cause`.
    expect(viaDrizzle.err.type).toBe('DrizzleQueryError');
    expect(viaDrizzle.err.message).toBe(
      'Failed query: insert into "users" ("mobile", "password_hash") values ($1, $2): duplicate key value violates unique constraint "users_mobile_key"',
    );
    expect(viaDrizzle.err.params).toBeUndefined();
    expect(viaDrizzle.err.cause).toMatchObject({ type: 'PostgresError', code: '23505', constraint_name: 'users_mobile_key' });
    expect(viaDrizzle.err.cause.client).toBeUndefined();
  });

  it('leaves digit runs that are not card numbers alone (mobiles, timestamps, Luhn-invalid)', () => {
    const { l, lines } = capture();
    l.info('mobile 09121234567 at 1796198451862, order 6037991234567890');
    expect(JSON.parse(lines[0]).msg).toBe('mobile 09121234567 at 1796198451862, order 6037991234567890');
  });

  it('binds the request or job of the context to every line, and to nothing outside it', async () => {
    const { l, lines } = capture();
    setLoggerForTests(l);
    logger().info('outside');
    await withLogContext({ requestId: 'req-12345678' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      logger({ module: 'x' }).info('inside');
      expect(currentRequestId()).toBe('req-12345678');
    });
    withLogContext({ jobId: 'job-1', queue: 'sms.send' }, () => logger().warn('in a job'));
    const [a, b, c] = lines.map((s) => JSON.parse(s));
    expect(a.requestId).toBeUndefined();
    expect(b).toMatchObject({ requestId: 'req-12345678', module: 'x', msg: 'inside' });
    expect(c).toMatchObject({ jobId: 'job-1', queue: 'sms.send' });
    expect(currentRequestId()).toBeUndefined();
  });

  it('prints one readable line in development', () => {
    const { lines } = capture(true);
    const { l } = { l: createLogger({ env: { APP_ENV: 'development' }, destination: { write: (s: string) => lines.push(s) } }) };
    l.child({ requestId: 'abc12345' }).info({ password: SECRET, n: 1 }, 'hello');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  \[req abc12345\] hello \{"password":"\[redacted\]","n":1\}\n$/);
    expect(prettyLine('not json')).toBe('not json');
  });

  it('sends the request id on upstream calls and logs the call without its path', async () => {
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers['x-request-id'] as string | undefined);
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { l, lines } = capture();
    setLoggerForTests(l);
    try {
      await withLogContext({ requestId: 'req-abcdef12' }, () => upstreamFetch(`${base}/v1/${SECRET}/sms/send.json`, { method: 'POST' }, 'send'));
      await withLogContext({ jobId: 'j1' }, () => upstreamFetch(`${base}/x`));
      await upstreamFetch(`${base}/x`);
    } finally {
      server.close();
    }
    expect(seen).toEqual(['req-abcdef12', 'job-j1', undefined]);
    expect(lines.join('')).not.toContain(SECRET);
    expect(JSON.parse(lines[0])).toMatchObject({ requestId: 'req-abcdef12', module: 'upstream', method: 'POST', call: 'send', status: 200 });
  });
});
