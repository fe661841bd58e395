import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Talking to the web instances as a browser and an integrator do: server actions (the sign-in and
 * one-time-code forms post them) and the API.
 */

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };
let manifest: Record<string, ManifestEntry> | null = null;

/**
 * A server action's id and a page that serves it, from the production build's manifest (the ids
 * change with every build, as a browser's would with the page it loaded).
 */
export function serverAction(filename: string, exportedName: string): { id: string; page: string } {
  manifest ??= (
    JSON.parse(readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8')) as { node: Record<string, ManifestEntry> }
  ).node;
  for (const [id, e] of Object.entries(manifest)) {
    if (e.filename !== filename || e.exportedName !== exportedName) continue;
    const worker = Object.keys(e.workers)[0];
    // app/(auth)/login/page → /login
    const page = `/${worker
      .replace(/^app\//, '')
      .replace(/\/page$/, '')
      .split('/')
      .filter((s) => !/^\(.*\)$/.test(s))
      .join('/')}`;
    return { id, page };
  }
  throw new Error(`no server action ${exportedName} of ${filename} in the build (run \`npx next build\`)`);
}

export type ActionAnswer = { status: number; result: unknown; cookies: string[]; redirect: string | null };

/**
 * Posts a server action as Next's client does: the action id in `Next-Action`, the arguments as the
 * JSON body, our public origin as `Origin` (Next refuses actions from another origin). `ip` is the
 * client address, told through X-Forwarded-For (the test is a trusted proxy of the deployment).
 */
export async function postAction(
  base: string,
  action: { id: string; page: string },
  input: unknown,
  opts: { ip?: string; cookie?: string } = {},
): Promise<ActionAnswer> {
  const res = await fetch(`${base}${action.page}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'next-action': action.id,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: process.env.PUBLIC_BASE_URL!,
      ...(opts.ip ? { 'x-forwarded-for': opts.ip } : {}),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    },
    body: JSON.stringify([input]),
  });
  const text = await res.text();
  // The flight answer: row 0 names the action's result row ("a":"$@1"), which holds the value as JSON.
  let result: unknown = null;
  for (const line of text.split('\n')) {
    const m = /^1:(.*)$/.exec(line);
    if (m) {
      try {
        result = JSON.parse(m[1]);
      } catch {
        result = m[1];
      }
    }
  }
  return { status: res.status, result, cookies: res.headers.getSetCookie(), redirect: res.headers.get('x-action-redirect') };
}

/** The `name=value` pairs of Set-Cookie headers, as a Cookie header sends them back. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies
    .map((c) => c.split(';')[0])
    .filter((c) => !/=$/.test(c))
    .join('; ');
}

/** A call to /api/v1 with a key; `ip` as above. */
export function api(base: string, key: string, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/v1${pathname}`, {
    method,
    redirect: 'manual',
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
