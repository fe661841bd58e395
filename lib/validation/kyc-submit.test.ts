import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '@/lib/result';
import type { z } from 'zod';
import { submitKycSchema } from './kyc';

/** Every problem by its whole path, as the form shows them (`identity.firstName`). */
function problems(input: unknown): Record<string, string> {
  const r = submitKycSchema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of (r.error as z.ZodError).issues) {
    const k = i.path.map(String).join('.');
    if (!(k in out)) out[k] = i.message;
  }
  return out;
}

describe('submitKycSchema', () => {
  it('refuses an empty natural-person form on every required field and the document, at once', () => {
    expect(problems({ kind: 'natural', identity: {}, financial: {} })).toEqual({
      'identity.firstName': 'required',
      'identity.lastName': 'required',
      'identity.nationalCode': 'required',
      'identity.birthDate': 'required',
      'identity.province': 'required',
      'identity.city': 'required',
      'financial.accountHolder': 'required',
      'financial.sheba': 'required',
      'financial.accountNumber': 'required',
      'documents.national_card': 'documentRequired',
    });
  });

  it('reports malformed fields beside missing ones (not one kind of problem first)', () => {
    const p = problems({
      kind: 'natural',
      identity: { firstName: 'علی', nationalCode: '1234567890', email: 'not-an-email', postalCode: '12' },
      financial: { sheba: 'IR00' },
      documents: { national_card: 'd1' },
    });
    expect(p['identity.lastName']).toBe('required');
    expect(p['identity.nationalCode']).toBe('nationalCodeInvalid');
    expect(p['identity.email']).toBe('emailInvalid');
    expect(p['identity.postalCode']).toBe('postalCodeInvalid');
    expect(p['financial.sheba']).toBe('shebaInvalid');
    expect(p['financial.accountHolder']).toBe('required');
    expect(p).not.toHaveProperty('identity.firstName');
    expect(p).not.toHaveProperty('documents.national_card');
  });

  it('asks a company for its own documents and fields', () => {
    const p = problems({ kind: 'legal', identity: {}, financial: {}, documents: { gazette: 'g' } });
    expect(p['identity.companyName']).toBe('required');
    expect(p['identity.ceoNationalCode']).toBe('required');
    expect(p['documents.ceo_national_card']).toBe('documentRequired');
    expect(p).not.toHaveProperty('documents.gazette');
    expect(p).not.toHaveProperty('identity.firstName');
  });

  it('keeps the field keys the server uses (same prefix shape as submitKyc)', () => {
    const r = submitKycSchema.safeParse({ kind: 'natural', identity: {}, financial: {} });
    expect(r.success).toBe(false);
    // The flat first-level view still names only the sections, which is why forms read whole paths.
    expect(Object.keys(fieldErrorsOf(r.error!)).sort()).toEqual(['documents', 'financial', 'identity']);
  });
});

describe('cross-field rules on the first submit', () => {
  it('names an unknown province and a card of another bank beside the missing fields', () => {
    const p = problems({
      kind: 'natural',
      identity: { province: 'Nowhere', city: 'x' },
      financial: { sheba: 'IR820540102680020817909002', cardNumber: '6037991234567893' },
    });
    expect(p['identity.firstName']).toBe('required');
    expect(p['identity.province']).toBe('provinceInvalid');
    expect(p['financial.accountHolder']).toBe('required');
  });

  it('does not call a malformed card a mismatch', () => {
    const p = problems({ kind: 'natural', identity: {}, financial: { sheba: 'IR820540102680020817909002', cardNumber: '1234' } });
    expect(p['financial.cardNumber']).toBe('cardNumberInvalid');
  });
});
