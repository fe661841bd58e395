'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import type { ActionResult } from '@/lib/actions/result';
import { requireAdmin } from '@/lib/auth/session';
import { resolveAlert } from '@/lib/payments/admin';
import { decideSlip } from '@/lib/payments/links';

/** Staff may confirm or reject any merchant's slip. */
export async function staffDecideSlipAction(input: unknown): Promise<ActionResult> {
  const admin = await requireAdmin();
  const r = await decideSlip(getDb(), { userId: admin.id, asStaff: true }, input);
  if (!r.ok) return r.error === 'invalid' ? { ok: false, fieldErrors: r.fieldErrors } : { ok: false, error: r.error };
  revalidatePath('/admin/payments');
  return { ok: true };
}

export async function resolveAlertAction(formData: FormData): Promise<void> {
  const admin = await requireAdmin();
  const id = z.uuid().safeParse(formData.get('alertId'));
  if (!id.success) return;
  await resolveAlert(getDb(), admin.id, id.data);
  revalidatePath('/admin/payments');
}
