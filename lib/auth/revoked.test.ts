import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testDb } from '@/test/db';
import { makeMerchant } from '@/test/fixtures';
import { isSessionRevoked, liveSessionUser, revokeSession } from './revoked';

const db = testDb();

describe('signing out of one device', () => {
  it('revokes that session id only, until its token could no longer be valid anyway', async () => {
    const mine = randomUUID();
    const other = randomUUID();
    const loginAt = Math.floor(Date.now() / 1000) - 60;
    expect(await isSessionRevoked(db, mine)).toBe(false);
    await revokeSession(db, mine, loginAt);
    await revokeSession(db, mine, loginAt); // twice is harmless
    expect(await isSessionRevoked(db, mine)).toBe(true);
    expect(await isSessionRevoked(db, other)).toBe(false);
    // Thirteen hours on, the token is past its absolute limit: the row is swept by the next sign-out.
    await revokeSession(db, other, loginAt, new Date((loginAt + 13 * 3600) * 1000));
    expect(await isSessionRevoked(db, mine)).toBe(false);
  });

  it('finds the user of a live session in one query, and nobody once that session is signed out', async () => {
    const user = await makeMerchant(db);
    const sid = randomUUID();
    expect((await liveSessionUser(db, user.id, sid))?.id).toBe(user.id);
    await revokeSession(db, sid, Math.floor(Date.now() / 1000));
    expect(await liveSessionUser(db, user.id, sid)).toBeNull();
  });
});
