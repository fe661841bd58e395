import { describe, expect, it } from 'vitest';
import { bankReasonOf, bankReasonText, splitReason } from './bank-reason';
import { collectionHref, readCollectionQuery, turkishDayStart } from './filters';
import { liraInput } from './reversal-panel';
import { badgeStateOf } from './state-badge';
import { isTabActive } from './vpos-tabs';

const words = (code: string) => ({ '51': 'Insufficient funds or card limit', '41': 'Lost card' })[code];

describe('the bank’s answer in the reader’s language', () => {
  it('splits a stored "<code> <message>" reason', () => {
    expect(splitReason('51 Yetersiz Bakiye / Yetersiz Kart Limiti')).toEqual({ code: '51', message: 'Yetersiz Bakiye / Yetersiz Kart Limiti' });
    expect(splitReason('54')).toEqual({ code: '54', message: null });
    expect(splitReason('Geçersiz sx bilgisi')).toEqual({ code: null, message: 'Geçersiz sx bilgisi' });
    expect(splitReason(null)).toEqual({ code: null, message: null });
  });

  it('our words, then N Kolay’s own Turkish; a code we have no words for shows the bank’s alone', () => {
    expect(bankReasonText(bankReasonOf('51', 'Yetersiz Bakiye', words), 'en')).toBe('51 — Insufficient funds or card limit (Yetersiz Bakiye)');
    expect(bankReasonText(bankReasonOf('51', 'Yetersiz Bakiye', words), 'fa')).toBe('۵۱ — Insufficient funds or card limit (Yetersiz Bakiye)');
    expect(bankReasonText(bankReasonOf('41', null, words), 'en')).toBe('41 — Lost card');
    expect(bankReasonText(bankReasonOf('77', 'Bilinmeyen', words), 'en')).toBe('77 (Bilinmeyen)');
    expect(bankReasonText(bankReasonOf(null, 'Sistem bakımda', words), 'en')).toBe('Sistem bakımda');
    expect(bankReasonText(bankReasonOf(null, null, words), 'en')).toBe('');
  });
});

describe('the list’s filters from the URL', () => {
  it('reads a Turkish day as UTC+3, to the end of the `to` day; drops what makes no sense', () => {
    const r = readCollectionQuery({
      def: '6f1c0e7a-1d7e-4b8e-9a57-2f3b8a1c9d00',
      state: 'failed',
      from: '2026-12-01',
      to: '۲۰۲۶-۱۲-۰۲',
      q: ' IKSIRPF1 ',
      page: '3',
    });
    expect(r.filters).toEqual({
      definitionId: '6f1c0e7a-1d7e-4b8e-9a57-2f3b8a1c9d00',
      state: 'failed',
      from: new Date('2026-11-30T21:00:00Z'),
      to: new Date('2026-12-02T21:00:00Z'),
      q: 'IKSIRPF1',
    });
    expect(r.page).toBe(3);
    expect(r.raw).toEqual({ def: '6f1c0e7a-1d7e-4b8e-9a57-2f3b8a1c9d00', state: 'failed', from: '2026-12-01', to: '2026-12-02', q: 'IKSIRPF1' });
    const junk = readCollectionQuery({ def: 'x', state: 'all', from: '2026-02-30', to: '1/2/2026', page: '-4', q: ['a', 'b'] });
    expect(junk.filters).toEqual({ q: 'a' });
    expect(junk.page).toBe(1);
  });

  it('checks real days', () => {
    expect(turkishDayStart('2024-02-29')).toEqual(new Date('2024-02-28T21:00:00Z'));
    expect(turkishDayStart('2025-02-29')).toBeNull();
    expect(turkishDayStart('2025-13-01')).toBeNull();
  });

  it('builds the list’s links with its filters', () => {
    expect(collectionHref('/vpos', { state: 'failed', q: 'a b' }, { page: '2' })).toBe('/vpos?state=failed&q=a+b&page=2');
    expect(collectionHref('/vpos', { page: '2' }, { page: undefined })).toBe('/vpos');
  });
});

describe('small pieces', () => {
  it('kuruş as the lira a field holds', () => {
    expect(liraInput(8_000n)).toBe('80.00');
    expect(liraInput(125_005n)).toBe('1250.05');
  });

  it('a payment with money taken back shows that', () => {
    expect(badgeStateOf({ state: 'succeeded', amount: 100n, refunded: 0n })).toBe('succeeded');
    expect(badgeStateOf({ state: 'succeeded', amount: 100n, refunded: 40n })).toBe('partly');
    expect(badgeStateOf({ state: 'succeeded', amount: 100n, refunded: 100n })).toBe('reversed');
    expect(badgeStateOf({ state: 'failed', amount: 100n, refunded: 0n })).toBe('failed');
  });

  it('the tabs: a payment’s page is under the collections tab', () => {
    expect(isTabActive('/vpos', '/vpos')).toBe(true);
    expect(isTabActive('/vpos', '/vpos/payments/x')).toBe(true);
    expect(isTabActive('/vpos', '/vpos/collect')).toBe(false);
    expect(isTabActive('/vpos/reconciliation', '/vpos/reconciliation/2026-12-01')).toBe(true);
  });
});
