/** What the seeded money simulations share: their random numbers, their days, and their picks. */

/** mulberry32: small, fast and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A day of a simulation: 09:30 Tehran, `day` days after today; what is paid or closed "now" is
// taken by the settlement run of day ≥ 2 (its cutoff, 22:00 Tehran the day before, is after now).
const today0 = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
export const dayAt = (day: number) => new Date(today0 + day * 86_400_000 + 6 * 3600_000);

/** One of `rows`, chosen by the schedule's number `r` in [0, 1) (not by the database's order); null when there is none. */
export const pick = <T>(rows: readonly T[], r: number): T | null => (rows.length ? rows[Math.floor(r * rows.length)] : null);
