'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import './zod-config';

/** Loaded by `useActionForm` when a form is first checked: zod's resolver is not in any page's first bundle. */
export { zodResolver };
