'use server';

import { action } from '@/lib/actions/action';
import { inviteStaff, removeStaff, setStaffRoles } from '@/lib/staff';
import { inviteStaffSchema, removeStaffSchema, setStaffRolesSchema } from '@/lib/staff/schemas';
import { withoutData } from '@/lib/result';

export const inviteStaffAction = action({ who: 'staff', area: 'staff', schema: inviteStaffSchema, revalidate: '/admin/staff' }, async (actor, input, { db }) =>
  withoutData(await inviteStaff(db, actor, input)),
);

export const setStaffRolesAction = action(
  { who: 'staff', area: 'staff', schema: setStaffRolesSchema, revalidate: '/admin/staff' },
  async (actor, input, { db }) => withoutData(await setStaffRoles(db, actor, input)),
);

export const removeStaffAction = action({ who: 'staff', area: 'staff', schema: removeStaffSchema, revalidate: '/admin/staff' }, (actor, input, { db }) =>
  removeStaff(db, actor, input),
);
