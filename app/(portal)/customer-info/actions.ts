'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db';
import { saveKycDraft, submitKyc } from '@/lib/kyc';
import { requireMerchant } from '@/lib/auth/session';
import type { ActionResult } from '@/lib/actions/result';

export async function saveKycDraftAction(values: unknown): Promise<ActionResult> {
  const user = await requireMerchant();
  const r = await saveKycDraft(getDb(), user.id, values);
  if (!r.ok) return r.error === 'invalid' ? { ok: false, fieldErrors: r.fieldErrors } : { ok: false, error: r.error };
  revalidatePath('/customer-info');
  return { ok: true };
}

/** Saves what is on screen, then sends it to review if everything is complete and valid. */
export async function submitKycAction(values: unknown): Promise<ActionResult> {
  const user = await requireMerchant();
  const db = getDb();
  const saved = await saveKycDraft(db, user.id, values);
  if (!saved.ok) return saved.error === 'invalid' ? { ok: false, fieldErrors: saved.fieldErrors } : { ok: false, error: saved.error };
  const r = await submitKyc(db, user.id);
  revalidatePath('/customer-info');
  revalidatePath('/');
  if (!r.ok) return r.error === 'invalid' ? { ok: false, fieldErrors: r.fieldErrors, error: 'fixFields' } : { ok: false, error: r.error };
  return { ok: true };
}
