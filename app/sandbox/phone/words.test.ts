import { describe, expect, it } from 'vitest';
import { amountInWords } from './words';

describe('amounts read out as an IVR says them', () => {
  it('in Persian', () => {
    expect(amountInWords(120_000n, 'fa')).toBe('صد و بیست هزار ریال');
    expect(amountInWords(350_000n, 'fa')).toBe('سیصد و پنجاه هزار ریال');
    expect(amountInWords(1_250_000n, 'fa')).toBe('یک میلیون و دویست و پنجاه هزار ریال');
    expect(amountInWords(1_001n, 'fa')).toBe('هزار و یک ریال');
    expect(amountInWords(5_000n, 'fa')).toBe('پنج هزار ریال');
    expect(amountInWords(2_000_015n, 'fa')).toBe('دو میلیون و پانزده ریال');
    expect(amountInWords(500_000_000_000n, 'fa')).toBe('پانصد میلیارد ریال');
    expect(amountInWords(999_999n, 'fa')).toBe('نهصد و نود و نه هزار و نهصد و نود و نه ریال');
  });

  it('in English', () => {
    expect(amountInWords(120_000n, 'en')).toBe('one hundred twenty thousand Rials');
    expect(amountInWords(1_250_000n, 'en')).toBe('one million two hundred fifty thousand Rials');
    expect(amountInWords(1_001n, 'en')).toBe('one thousand one Rials');
    expect(amountInWords(90_045n, 'en')).toBe('ninety thousand forty-five Rials');
    expect(amountInWords(1n, 'en')).toBe('one Rial');
    expect(amountInWords(0n, 'en')).toBe('zero Rials');
  });
});
