import { createHmac, timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/env';

function mac(uid: string, sv: number): Buffer {
  return createHmac('sha256', env().AUTH_SECRET).update(`session-version:${uid}:${sv}`).digest();
}

export function sessionVersionProof(uid: string, sv: number): string {
  return mac(uid, sv).toString('base64url');
}

export function verifySessionVersionProof(uid: string, sv: number, proof: string): boolean {
  const given = Buffer.from(proof, 'base64url');
  const want = mac(uid, sv);
  return given.length === want.length && timingSafeEqual(given, want);
}
