'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { requireAdmin } from '@/lib/auth/session';
import { decideKyc } from '@/lib/kyc';
import type { ActionResult } from '@/lib/actions/result';
import { CONTROL_CHARS, multiLine, singleLine } from '@/lib/validation/text';

const decideSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), note: z.string().refine(multiLine, CONTROL_CHARS).max(2000, 'tooLong').optional() }),
  z.object({
    decision: z.literal('reject'),
    fieldReasons: z.record(z.string().refine(singleLine, CONTROL_CHARS).max(60), z.string().refine(multiLine, CONTROL_CHARS).max(500, 'tooLong')),
    note: z.string().refine(multiLine, CONTROL_CHARS).max(2000, 'tooLong').optional(),
  }),
]);

export async function decideKycAction(profileId: string, input: unknown): Promise<ActionResult> {
  const admin = await requireAdmin();
  const parsed = decideSchema.safeParse(input);
  // A malformed id would reach PostgreSQL's uuid parser and fail there; refuse it here instead.
  if (!parsed.success || !z.uuid().safeParse(profileId).success) return { ok: false, error: 'invalid' };
  const r = await decideKyc(getDb(), admin.id, profileId, parsed.data);
  revalidatePath('/admin/kyc');
  revalidatePath(`/admin/kyc/${profileId}`);
  return r.ok ? { ok: true } : { ok: false, error: r.error };
}
