import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export const TABS = ['overview', 'keys', 'webhooks', 'link', 'log'] as const;
export type Tab = (typeof TABS)[number];

/** The `?tab=` of the address, or the overview for none or an unknown one. */
export function tabOf(v: string | string[] | undefined): Tab {
  return typeof v === 'string' && (TABS as readonly string[]).includes(v) ? (v as Tab) : 'overview';
}

/**
 * The platform page's sections as links (`?tab=`): rendered on the server, deep-linkable, and with
 * the tablist semantics a screen reader announces. Only the selected tab's panel is on the page.
 */
export async function PlatformTabs({ platformId, current, tabs }: { platformId: string; current: Tab; tabs: readonly Tab[] }) {
  const t = await getTranslations('platformTabs');
  return (
    <div className="-mx-1 overflow-x-auto px-1">
      <div role="tablist" aria-label={t('nav')} className="flex min-w-max gap-1 border-b border-slate-200" data-testid="platform-tabs">
        {tabs.map((tab) => {
          const selected = tab === current;
          return (
            <Link
              key={tab}
              id={`tab-${tab}`}
              role="tab"
              aria-selected={selected}
              aria-controls={selected ? `panel-${tab}` : undefined}
              href={`/platforms/${platformId}?tab=${tab}`}
              scroll={false}
              className={`-mb-px inline-flex min-h-11 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap ${
                selected ? 'border-brand-600 text-brand-700' : 'border-transparent text-muted hover:text-ink'
              }`}
            >
              {t(`tabs.${tab}`)}
            </Link>
          );
        })}
      </div>
    </div>
  );
}

export function TabPanel({ tab, children }: { tab: Tab; children: React.ReactNode }) {
  return (
    <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="flex flex-col gap-6" data-testid={`panel-${tab}`}>
      {children}
    </div>
  );
}
