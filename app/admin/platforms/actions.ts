'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { requireAdmin } from '@/lib/auth/session';
import { decidePlatform, suspendPlatform } from '@/lib/platforms';
import type { ActionResult } from '@/lib/actions/result';
import { CONTROL_CHARS, multiLine } from '@/lib/validation/text';

const input = z.object({
  platformId: z.uuid(),
  action: z.enum(['approve', 'reject', 'suspend']),
  reason: z.string().refine(multiLine, CONTROL_CHARS).max(1000, 'tooLong').optional(),
});

export async function decidePlatformAction(raw: unknown): Promise<ActionResult> {
  const admin = await requireAdmin();
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  const { platformId, action, reason } = parsed.data;
  const db = getDb();
  revalidatePath('/admin/platforms');
  if (action === 'suspend') {
    if (!reason?.trim()) return { ok: false, error: 'reasonRequired' };
    return (await suspendPlatform(db, admin.id, platformId, reason)) ? { ok: true } : { ok: false, error: 'alreadyDecided' };
  }
  const r = await decidePlatform(db, admin.id, platformId, { approve: action === 'approve', reason });
  return r.ok ? { ok: true } : { ok: false, error: r.error };
}
