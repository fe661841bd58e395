import { randomInt } from 'node:crypto';

/**
 * Tracking codes people read out and type: digits only, 10 random digits and a Damm check digit.
 * Damm catches every single-digit error and every swap of two adjacent digits.
 */
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

export function dammDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim][Number(ch)];
  return interim;
}

export function generateTrackingCode(): string {
  let body = String(randomInt(1, 10));
  for (let i = 0; i < 9; i++) body += String(randomInt(0, 10));
  return body + String(dammDigit(body));
}

export function isValidTrackingCode(code: string): boolean {
  return /^[1-9]\d{10}$/.test(code) && dammDigit(code) === 0;
}
