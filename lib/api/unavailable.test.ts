import { describe, expect, it } from 'vitest';
import { databaseUnavailable } from '@/db/errors';
import { apiRoute } from './http';

const driverError = (code: string) => Object.assign(new Error(`connection trouble ${code}`), { code });

describe('the API while the database is out of reach', () => {
  it('tells connection failures and PostgreSQL shutdowns from other errors, through drizzle’s wrapper', () => {
    for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', '57P01', '57P03', '08006']) {
      expect(databaseUnavailable(driverError(code)), code).toBe(true);
      expect(databaseUnavailable(new Error('Failed query: insert …', { cause: driverError(code) })), `wrapped ${code}`).toBe(true);
    }
    for (const err of [new Error('boom'), driverError('23505'), driverError('42P01'), null, 'ECONNREFUSED']) {
      expect(databaseUnavailable(err)).toBe(false);
    }
  });

  it('answers 503 unavailable with Retry-After, not 500, and still 500 for a defect', async () => {
    const down = apiRoute({ auth: false }, async () => {
      throw new Error('Failed query: select 1', { cause: driverError('57P01') });
    });
    const res = await down(new Request('http://localhost/api/v1/token', { method: 'POST' }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await res.json()).error.code).toBe('unavailable');

    const broken = apiRoute({ auth: false }, async () => {
      throw new TypeError('x is undefined');
    });
    expect((await broken(new Request('http://localhost/api/v1/token', { method: 'POST' }))).status).toBe(500);
  });
});
