'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Re-renders the server parts once after mount. A page that changes what its layout shows (the
 * message just read lowers the sidebar's unread count) needs it: layout and page render together.
 */
export function RefreshOnce() {
  const router = useRouter();
  useEffect(() => {
    router.refresh();
  }, [router]);
  return null;
}
