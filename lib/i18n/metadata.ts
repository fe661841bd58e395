import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

/** A page's `generateMetadata`: its title from the message catalogue, in the reader's language. */
export function titled(namespace: string, key = 'title'): () => Promise<Metadata> {
  return async () => {
    const t = (await getTranslations(namespace as never)) as unknown as (k: string) => string;
    return { title: t(key) };
  };
}
