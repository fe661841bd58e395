import type { MetadataRoute } from 'next';
import fa from '@/messages/fa.json';

/** The web manifest: the name and icons a phone shows when the portal is added to its home screen (Persian, the default language). */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: fa.shell.brand,
    short_name: fa.shell.brand,
    description: fa.shell.tagline,
    lang: 'fa',
    dir: 'rtl',
    start_url: '/',
    display: 'standalone',
    background_color: '#f8fafc',
    theme_color: '#1d5fd1',
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/apple-icon', sizes: '180x180', type: 'image/png' },
    ],
  };
}
