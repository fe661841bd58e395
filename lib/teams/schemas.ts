import { z } from 'zod';
import { mobileSchema } from '@/lib/validation/auth';

/** The roles an owner or admin may give (ownership passes only by transfer). */
export const GIVABLE_ROLES = ['admin', 'developer', 'accountant', 'support'] as const;
export type GivableRole = (typeof GIVABLE_ROLES)[number];
const role = z.enum(GIVABLE_ROLES, { error: 'required' });
const id = z.uuid({ error: 'required' });

export const inviteSchema = z.object({ mobile: mobileSchema, role });
export const invitationIdSchema = z.object({ invitationId: id });
export const memberRoleSchema = z.object({ userId: id, role });
export const memberSchema = z.object({ userId: id });
export const switchMerchantSchema = z.object({ merchantId: z.string({ error: 'required' }).max(40) });
export const emptySchema = z.object({});

export type InviteInput = z.output<typeof inviteSchema>;
