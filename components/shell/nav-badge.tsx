'use client';

import { useLayoutEffect, useSyncExternalStore } from 'react';

/**
 * A menu badge the page can correct (the sidebar's unread count after a message is opened).
 *
 * Each value carries the database time it was counted at (`at`, ms), and the newest wins, whoever
 * renders it: the layout (on a full load or a refresh) or the page (`NavBadgeUpdate`). The page's
 * own answer used to be a `router.refresh()` after mount; dispatched while the navigation that
 * mounted it was still streaming, Next let that navigation's commit land after the refresh, with
 * the layout it had kept from before the message was read — the stale badge stayed until the next
 * navigation. A count that travels with the page, ordered by its time, needs no such round trip.
 */
export type NavBadgeValue = { badge?: string; badgeLabel?: string; at: number };

const latest = new Map<string, NavBadgeValue>();
const listeners = new Set<() => void>();

function publish(href: string, value: NavBadgeValue) {
  const now = latest.get(href);
  if (now && now.at > value.at) return;
  latest.set(href, value);
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => void listeners.delete(l);
}

/** The newer of the server's value (from the layout) and any value a page published since. */
export function useNavBadge(href: string, server: NavBadgeValue | undefined): NavBadgeValue | undefined {
  const published = useSyncExternalStore(
    subscribe,
    () => latest.get(href),
    () => undefined,
  );
  if (!published) return server;
  if (!server) return published;
  return published.at > server.at ? published : server;
}

/** Rendered by a page that changed what a menu badge counts, with the count it read after the change. */
export function NavBadgeUpdate({ href, value }: { href: string; value: NavBadgeValue }) {
  const { badge, badgeLabel, at } = value;
  useLayoutEffect(() => publish(href, { badge, badgeLabel, at }), [href, badge, badgeLabel, at]);
  return null;
}
