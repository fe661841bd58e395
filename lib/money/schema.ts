import { z } from 'zod';
import { parseAmount, type DisplayUnit } from './index';

// Apart from lib/money/index.ts so that a page showing or typing amounts does not carry zod in its
// first bundle (the payer's page loads zod only when its form is checked).
/** The zod form of `parseAmount`, for forms and the API alike. */
export function amountSchema(opts: { unit?: DisplayUnit; min?: bigint; max?: bigint } = {}) {
  return z.union([z.string(), z.number()]).transform((raw, ctx) => {
    if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
      ctx.addIssue({ code: 'custom', message: Number.isInteger(raw) ? 'amountTooLarge' : 'amountFractional' });
      return z.NEVER;
    }
    const r = parseAmount(String(raw), opts);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r.rials;
  });
}
