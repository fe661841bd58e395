import { describe, expect, it } from 'vitest';
import { columnsOwner, hiddenColumns } from './columns';

describe('report column choice', () => {
  const me = columnsOwner('11111111-1111-4111-8111-111111111111');
  it('hides what the cookie names for its owner, never amount, state or the tracking code', () => {
    expect(hiddenColumns(`${me}|payer,card,amount,state,tracking,bogus`, me)).toEqual(['payer', 'card']);
  });
  it('ignores another person’s cookie and a malformed one', () => {
    const other = columnsOwner('22222222-2222-4222-8222-222222222222');
    expect(other).not.toBe(me);
    expect(hiddenColumns(`${other}|payer`, me)).toEqual([]);
    expect(hiddenColumns('payer,card', me)).toEqual([]);
    expect(hiddenColumns(undefined, me)).toEqual([]);
  });
});
