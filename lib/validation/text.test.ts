import { describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { sandboxPayAction } from '@/app/sandbox/actions';

// Actions read the request's headers (client address); a test has no request.
vi.mock('next/headers', () => ({ headers: async () => new Headers() }));
import { publishTermsSchema, serviceEditSchema } from '@/lib/services/schemas';
import { fieldErrorsOf } from '@/lib/result';
import { changePasswordSchema, completeSignupSchema, requestCodeSchema, verifyCodeSchema } from './auth';
import { financialSchema, legalIdentitySchema, naturalDraftSchema, naturalIdentitySchema } from './kyc';
import { composeSchema, eventSchema, inboxFilterSchema } from './messages';
import { feeRuleSchema, linkSettingsSchema, payerSchema, slipDecisionSchema } from './payments';
import { CONTROL_CHARS, multiLine, singleLine } from './text';
import { SANDBOX_CARD } from '@/lib/gateways/sandbox-cards';

const BAD = ['\u0000', 'a\u0000b', '\u0007', 'x\u001b[31m', '\u007f', 'x\u0085', '\u009b', 'x\ud800', '\udc00x', '\ufffe', 'x\uffff'];
const LINE_BREAKS = ['two\nlines', 'two\r\nlines', 'a\tb'];

describe('the control-character rule', () => {
  it('refuses C0, DEL, C1, lone surrogates and U+FFFE/U+FFFF; lets text and emoji through', () => {
    for (const v of [...BAD, 'a\nb', 'a\rb', 'a\tb', '\u000b', '\u000c']) expect(singleLine(v), JSON.stringify(v)).toBe(false);
    for (const v of BAD) expect(multiLine(v), JSON.stringify(v)).toBe(false);
    for (const v of LINE_BREAKS) expect(multiLine(v), JSON.stringify(v)).toBe(true);
    for (const v of ['علی رضایی', 'نیم\u200cفاصله', '\u200fRTL mark', '😀 ok', '۱۲۳', "O'Brien", '']) {
      expect(singleLine(v), v).toBe(true);
      expect(multiLine(v), v).toBe(true);
    }
  });

  const payer = payerSchema({ unit: 'rial', min: 1n, max: 10n ** 12n });
  // Every free-text field of the shared schemas: [schema, fixed fields, one-line fields, multi-line fields].
  const cases: [string, z.ZodType, Record<string, unknown>, string[], string[]][] = [
    ['requestCode', requestCodeSchema, {}, ['mobile'], []],
    ['verifyCode', verifyCodeSchema, {}, ['mobile', 'code'], []],
    ['completeSignup', completeSignupSchema, {}, ['firstName', 'lastName', 'password'], []],
    ['changePassword', changePasswordSchema, {}, ['newPassword'], []],
    [
      'naturalIdentity',
      naturalIdentitySchema,
      {},
      [
        'firstName',
        'lastName',
        'fatherName',
        'birthCertificateNumber',
        'nationalCode',
        'birthDate',
        'landline',
        'email',
        'province',
        'city',
        'address',
        'postalCode',
      ],
      [],
    ],
    ['naturalDraft', naturalDraftSchema, {}, ['firstName', 'nationalCode', 'address'], []],
    [
      'legalIdentity',
      legalIdentitySchema,
      {},
      ['companyName', 'registrationNumber', 'legalId', 'economicCode', 'registrationDate', 'ceoNationalCode', 'ceoFullName'],
      [],
    ],
    ['financial', financialSchema, {}, ['accountHolder', 'sheba', 'accountNumber', 'cardNumber'], []],
    ['compose', composeSchema, { sms: false, targetKind: 'all' }, ['title', 'link', 'mobile', 'serviceId', 'kycStatus', 'province'], ['body']],
    ['event', eventSchema, { color: 'blue', remind: 'none', remindSms: false }, ['title', 'date', 'startTime', 'endTime'], ['description']],
    ['linkSettings', linkSettingsSchema, { displayUnit: 'rial' }, ['handle', 'title', 'minAmount', 'maxAmount'], []],
    ['payer (online)', payer, { method: 'online', gateway: 'sandbox' }, ['name', 'mobile', 'phone', 'description'], []],
    ['payer (slip)', payer, { method: 'slip', bank: 'melli' }, ['name', 'slipNumber', 'depositDate', 'image'], []],
    ['slipDecision', slipDecisionSchema, { paymentId: '00000000-0000-4000-8000-000000000000', approve: false }, ['reason'], []],
    ['feeRule', feeRuleSchema, {}, ['percent', 'fixed', 'min', 'max'], []],
    ['serviceEdit', serviceEditSchema, { active: true }, ['nameFa', 'nameEn'], ['descriptionFa', 'descriptionEn']],
    ['publishTerms', publishTermsSchema, {}, [], ['fa', 'en']],
  ];

  it.each(cases)('%s: each free-text field refuses control characters with a field error', (_name, schema, fixed, single, multi) => {
    for (const field of [...single, ...multi]) {
      for (const bad of BAD) {
        const r = schema.safeParse({ ...fixed, [field]: bad });
        expect(r.success, `${field} ${JSON.stringify(bad)}`).toBe(false);
        expect(fieldErrorsOf(r.error!)[field], `${field} ${JSON.stringify(bad)}`).toBe(CONTROL_CHARS);
      }
    }
    for (const field of single) {
      const r = schema.safeParse({ ...fixed, [field]: 'two\nlines' });
      expect(r.success ? undefined : fieldErrorsOf(r.error)[field], field).toBe(CONTROL_CHARS);
    }
    for (const field of multi) {
      for (const text of LINE_BREAKS) {
        const r = schema.safeParse({ ...fixed, [field]: `${text} that is long enough to be terms` });
        expect(r.success ? undefined : fieldErrorsOf(r.error)[field], field).toBeUndefined();
      }
    }
  });

  it('drops a search text with control characters instead of querying with it', () => {
    expect(inboxFilterSchema.parse({ q: 'a\u0000b' }).q).toBe('');
    expect(inboxFilterSchema.parse({ q: 'سلام' }).q).toBe('سلام');
  });

  it('answers a sandbox bank token that is not one with notFound, before the database', async () => {
    for (const token of ['\u0000', `sbx_${'0'.repeat(23)}\u0000`, 'x'.repeat(64), '../../x']) {
      expect(await sandboxPayAction({ token, card: SANDBOX_CARD.success })).toEqual({ ok: false, error: 'notFound' });
    }
    // A token longer than any token is refused by the schema itself.
    expect(await sandboxPayAction({ token: 'x'.repeat(10_000), card: SANDBOX_CARD.success })).toMatchObject({
      ok: false,
      fieldErrors: { token: expect.any(String) },
    });
  });
});
