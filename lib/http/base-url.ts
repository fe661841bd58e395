/**
 * The portal's public origin, from configuration only: PUBLIC_BASE_URL (required in production;
 * `npm run dev`/`npm start` fill it in from the port they listen on outside production). Never
 * from `Host` or `X-Forwarded-*`: an attacker chooses those, and every callback, bank-page and
 * link URL is built from this.
 */
export function publicBaseUrl(): string {
  const configured = process.env.PUBLIC_BASE_URL;
  if (configured) return new URL(configured).origin;
  if (process.env.APP_ENV === 'production') throw new Error('PUBLIC_BASE_URL must be set in production');
  return 'http://localhost:3000';
}

/** The same origin, for callers that await it. */
export async function baseUrl(): Promise<string> {
  return publicBaseUrl();
}
