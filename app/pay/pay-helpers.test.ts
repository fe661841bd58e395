import { describe, expect, it } from 'vitest';
import { jalaliToday } from './today';
import { normalizeJalaliDate } from '@/lib/validation/kyc';
import { groupSheba } from '@/components/pay/sheba';

describe('the slip part of the pay form', () => {
  it('groups a sheba by four, as banks print it', () => {
    expect(groupSheba('IR820540102680020817909002')).toBe('IR82 0540 1026 8002 0817 9090 02');
    expect(groupSheba('IR82 0540102680020817909002')).toBe('IR82 0540 1026 8002 0817 9090 02');
  });

  it("starts the deposit date at Tehran's today, which begins 3½ hours before UTC's", () => {
    expect(jalaliToday(new Date('2026-12-02T10:00:00Z'))).toBe('1405/09/11');
    // 22:00 UTC on 1 December is 01:30 on 2 December in Tehran.
    expect(jalaliToday(new Date('2026-12-01T22:00:00Z'))).toBe('1405/09/11');
    expect(jalaliToday(new Date('2026-12-01T20:00:00Z'))).toBe('1405/09/10');
    expect(jalaliToday(new Date('2026-03-21T12:00:00Z'))).toBe('1405/01/01');
  });
});

describe("the deposit date's check", () => {
  it("accepts Tehran's today in its first hours (before UTC's day turns) and refuses tomorrow", () => {
    const at = new Date('2026-12-01T22:00:00Z'); // 01:30 on 1405/09/11 in Tehran
    expect(normalizeJalaliDate(jalaliToday(at), at)).toBe('1405/09/11');
    expect(normalizeJalaliDate('1405/09/12', at)).toBeNull();
  });
});
