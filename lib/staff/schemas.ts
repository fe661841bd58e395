import { z } from 'zod';
import { mobileSchema } from '@/lib/validation/auth';
import { STAFF_ROLES } from './permissions';

const rolesSchema = z.array(z.enum(STAFF_ROLES, { error: 'rolesRequired' }), { error: 'rolesRequired' }).min(1, 'rolesRequired');
const name = z.string({ error: 'required' }).trim().min(1, 'required').max(100, 'tooLong');

/** Forms post checkboxes as one value or many; both become a list. */
const roleList = z.preprocess((v) => (v === undefined || v === null || v === '' || v === false ? [] : Array.isArray(v) ? v : [v]), rolesSchema);

export const inviteStaffSchema = z.object({ mobile: mobileSchema, firstName: name, lastName: name, roles: roleList });
export const setStaffRolesSchema = z.object({ userId: z.uuid('notFound'), roles: roleList });
export const removeStaffSchema = z.object({ userId: z.uuid('notFound') });

export type InviteStaffInput = z.output<typeof inviteStaffSchema>;
export type SetStaffRolesInput = z.output<typeof setStaffRolesSchema>;

/** A second approver's decision on something another staff member started (four eyes). */
export const decideFeeChangeSchema = z.object({ changeId: z.uuid('notFound'), approve: z.boolean() });
export const approveBatchSchema = z.object({ batchId: z.uuid('notFound') });
