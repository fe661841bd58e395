/**
 * Tehran wall-clock time. Iran keeps UTC+03:30 all year (no daylight saving since 2022), so a
 * Tehran day is always 24 hours and these are plain offsets. Days are `YYYY-MM-DD` strings.
 */
export const TEHRAN_OFFSET_MS = 3.5 * 3600_000;

/** 00:00 Tehran of a day, as an instant. */
export function tehranStartOf(iso: string): Date {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - TEHRAN_OFFSET_MS);
}

/** A Tehran wall-clock date and `HH:MM` time as an instant. */
export function tehranInstant(date: string, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - TEHRAN_OFFSET_MS);
}

/** The Tehran wall-clock date and `HH:MM` time of an instant. */
export function tehranWall(at: Date): { date: string; time: string } {
  const s = new Date(at.getTime() + TEHRAN_OFFSET_MS).toISOString();
  return { date: s.slice(0, 10), time: s.slice(11, 16) };
}

/** The Tehran calendar day of an instant. */
export function tehranIso(at: Date): string {
  return new Date(at.getTime() + TEHRAN_OFFSET_MS).toISOString().slice(0, 10);
}
