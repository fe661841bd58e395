import { describe, expect, it } from 'vitest';
import { codeForReading, groupTyped } from './format';

describe('what the agent reads and types', () => {
  it('groups a tracking code for reading aloud, never leaving one digit alone', () => {
    expect(codeForReading('12345678', 'en')).toBe('1234 5678');
    expect(codeForReading('12345678', 'fa')).toBe('۱۲۳۴ ۵۶۷۸');
    expect(codeForReading('123456789', 'en')).toBe('1234 567 89');
    expect(codeForReading('1234567890', 'en')).toBe('1234 5678 90');
    expect(codeForReading('1234', 'en')).toBe('1234');
  });

  it('groups an amount as it is typed, in any digits, in the locale’s digits', () => {
    expect(groupTyped('1250000', 'en')).toBe('1,250,000');
    expect(groupTyped('۱۲۵۰۰۰۰', 'fa')).toBe('۱٬۲۵۰٬۰۰۰');
    expect(groupTyped('1,25,0000', 'fa')).toBe('۱٬۲۵۰٬۰۰۰');
    expect(groupTyped('007', 'en')).toBe('7');
    expect(groupTyped('abc', 'en')).toBe('');
  });
});
