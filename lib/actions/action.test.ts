/**
 * The action wrapper's refusal shape: every field's first message reaches the field that react-hook-form
 * names by its whole path, nested objects and arrays included (the flattened shape dropped them, so a
 * nested form showed no message at all).
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => ({}) }));

const { action, fieldErrorsOfFormatted } = await import('./action');

const schema = z.object({
  title: z.string().min(1, 'required'),
  identity: z.object({ firstName: z.string().min(1, 'required'), nationalCode: z.string().regex(/^\d{10}$/, 'nationalCodeInvalid') }),
  items: z.array(z.object({ amount: z.number({ error: 'amountInvalid' }) })).min(1, 'itemsRequired'),
});

const echo = action({ who: 'public', schema }, async (_actor, input) => ({ ok: true as const, data: input.title }));

describe('action() refusals', () => {
  it('keys nested and array field errors by their whole path, all at once', async () => {
    const r = await echo({ title: '', identity: { firstName: '', nationalCode: '12' }, items: [{ amount: 1 }, { amount: 'x' as never }] });
    expect(r).toEqual({
      ok: false,
      fieldErrors: {
        title: 'required',
        'identity.firstName': 'required',
        'identity.nationalCode': 'nationalCodeInvalid',
        'items.1.amount': 'amountInvalid',
      },
    });
  });

  it('keeps a message about a whole list on the list', async () => {
    const r = await echo({ title: 'a', identity: { firstName: 'b', nationalCode: '0123456789' }, items: [] });
    expect(r).toEqual({ ok: false, fieldErrors: { items: 'itemsRequired' } });
  });

  it('passes valid input through', async () => {
    expect(await echo({ title: 'a', identity: { firstName: 'b', nationalCode: '0123456789' }, items: [{ amount: 1 }] })).toEqual({ ok: true, data: 'a' });
  });
});

describe('fieldErrorsOfFormatted', () => {
  it('keeps the first message per path and a form-level message only when no field has one', () => {
    expect(fieldErrorsOfFormatted({ _errors: ['tooMany'], a: { _errors: ['x', 'y'] } })).toEqual({ a: 'x' });
    expect(fieldErrorsOfFormatted({ _errors: ['tooMany'] })).toEqual({ form: 'tooMany' });
    expect(fieldErrorsOfFormatted({ a: { _errors: ['outer'], b: { _errors: ['inner'] } } })).toEqual({ a: 'outer', 'a.b': 'inner' });
    expect(fieldErrorsOfFormatted(undefined)).toEqual({});
  });
});
