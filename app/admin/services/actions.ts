'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { requireAdmin } from '@/lib/auth/session';
import { publishTerms, publishTermsSchema, serviceEditSchema, updateService } from '@/lib/services';
import { invalid, type ActionResult } from '@/lib/actions/result';
import { eq } from 'drizzle-orm';
import { services } from '@/db/schema';
import { setFeeRule } from '@/lib/payments/fees';
import { feeRuleSchema } from '@/lib/validation/payments';

const serviceId = z.string().regex(/^[a-z]{2,32}$/);

export async function updateServiceAction(id: string, input: unknown): Promise<ActionResult> {
  const admin = await requireAdmin();
  const parsed = serviceEditSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  if (!serviceId.safeParse(id).success) return { ok: false, error: 'notFound' };
  const row = await updateService(getDb(), admin.id, id, parsed.data);
  revalidatePath('/admin/services');
  return row ? { ok: true } : { ok: false, error: 'notFound' };
}

export async function publishTermsAction(id: string, input: unknown): Promise<ActionResult> {
  const admin = await requireAdmin();
  const parsed = publishTermsSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  if (!serviceId.safeParse(id).success) return { ok: false, error: 'notFound' };
  await publishTerms(getDb(), admin.id, id, parsed.data);
  revalidatePath('/admin/services');
  return { ok: true };
}

export async function setFeeAction(id: string, input: unknown): Promise<ActionResult> {
  const admin = await requireAdmin();
  const parsed = feeRuleSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  if (!serviceId.safeParse(id).success) return { ok: false, error: 'notFound' };
  const [service] = await getDb().select({ id: services.id }).from(services).where(eq(services.id, id));
  if (!service) return { ok: false, error: 'notFound' };
  await setFeeRule(getDb(), admin.id, id, { percentBasisPoints: parsed.data.percent, fixed: parsed.data.fixed, min: parsed.data.min, max: parsed.data.max });
  revalidatePath('/admin/services');
  return { ok: true };
}
