'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/actions/action';
import { decidePlatform, suspendPlatform } from '@/lib/platforms';
import { decidePlatformSchema } from '@/lib/validation/platforms';

export const decidePlatformAction = action(
  { who: 'staff', area: 'platforms', schema: decidePlatformSchema },
  async (actor, { platformId, action: verb, reason }, { db }) => {
    revalidatePath('/admin/platforms');
    const r =
      verb === 'suspend'
        ? await suspendPlatform(db, actor, { platformId, reason: reason ?? '' })
        : await decidePlatform(db, actor, { platformId, approve: verb === 'approve', reason });
    return r;
  },
);
