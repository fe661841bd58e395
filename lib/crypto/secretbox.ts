import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '@/lib/env';

/**
 * Secrets we must be able to read back (webhook signing secrets, connector credentials) are kept
 * encrypted with AES-256-GCM under a key from ENCRYPTION_KEY, or derived from AUTH_SECRET.
 */
function key(): Buffer {
  const e = env();
  const material = e.ENCRYPTION_KEY ?? e.AUTH_SECRET;
  return Buffer.from(hkdfSync('sha256', material, 'dargah', 'secretbox-v1', 32));
}

export function seal(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}.${c.getAuthTag().toString('base64url')}`;
}

export function open(sealed: string): string {
  const [v, iv, body, tag] = sealed.split('.');
  if (v !== 'v1' || !iv || !body || !tag) throw new Error('not a sealed value');
  const d = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}
