import type { Locale } from '@/lib/i18n/config';

/**
 * An amount of Rials as an IVR reads it out: "صد و بیست هزار ریال", "one hundred twenty thousand
 * Rials". Exact for any amount the IVR takes (bigint, three digits at a time).
 */
const FA = {
  ones: ['', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه'],
  teens: ['ده', 'یازده', 'دوازده', 'سیزده', 'چهارده', 'پانزده', 'شانزده', 'هفده', 'هجده', 'نوزده'],
  tens: ['', '', 'بیست', 'سی', 'چهل', 'پنجاه', 'شصت', 'هفتاد', 'هشتاد', 'نود'],
  hundreds: ['', 'صد', 'دویست', 'سیصد', 'چهارصد', 'پانصد', 'ششصد', 'هفتصد', 'هشتصد', 'نهصد'],
  scales: ['', 'هزار', 'میلیون', 'میلیارد', 'تریلیون', 'کوادریلیون'],
};
const EN = {
  ones: ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
  teens: ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'],
  tens: ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'],
  scales: ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion'],
};

function faBelow1000(n: number): string {
  const parts: string[] = [];
  const rest = n % 100;
  if (n >= 100) parts.push(FA.hundreds[Math.floor(n / 100)]);
  if (rest >= 10 && rest < 20) parts.push(FA.teens[rest - 10]);
  else {
    if (rest >= 20) parts.push(FA.tens[Math.floor(rest / 10)]);
    if (rest % 10) parts.push(FA.ones[rest % 10]);
  }
  return parts.join(' و ');
}

function enBelow1000(n: number): string {
  const parts: string[] = [];
  const rest = n % 100;
  if (n >= 100) parts.push(`${EN.ones[Math.floor(n / 100)]} hundred`);
  if (rest >= 10 && rest < 20) parts.push(EN.teens[rest - 10]);
  else if (rest >= 20) parts.push(rest % 10 ? `${EN.tens[Math.floor(rest / 10)]}-${EN.ones[rest % 10]}` : EN.tens[Math.floor(rest / 10)]);
  else if (rest) parts.push(EN.ones[rest]);
  return parts.join(' ');
}

export function amountInWords(rials: bigint, locale: Locale): string {
  const fa = locale === 'fa';
  const unit = fa ? 'ریال' : rials === 1n ? 'Rial' : 'Rials';
  if (rials <= 0n) return `${fa ? 'صفر' : 'zero'} ${unit}`;
  const groups: number[] = [];
  for (let n = rials; n > 0n; n /= 1000n) groups.push(Number(n % 1000n));
  const words: string[] = [];
  groups.forEach((g, i) => {
    if (!g) return;
    const scale = (fa ? FA : EN).scales[i] ?? '';
    // Persian says "هزار", not "یک هزار", for a thousand on its own.
    const head = fa && g === 1 && i === 1 ? '' : fa ? faBelow1000(g) : enBelow1000(g);
    words.unshift([head, scale].filter(Boolean).join(' '));
  });
  return `${words.join(fa ? ' و ' : ' ')} ${unit}`;
}
