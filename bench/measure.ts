/** One line of the benchmark table: `ops` calls of `fn`, `concurrency` at a time, with their p50 and p95. */
export type BenchRow = { what: string; ops: number; seconds: number; perSecond: string; p50: string; p95: string };
export type Measure = (what: string, ops: number, concurrency: number, fn: (i: number) => Promise<unknown>) => Promise<void>;

/** A table and the function that adds its lines. */
export function benchTable(): { rows: BenchRow[]; measure: Measure } {
  const rows: BenchRow[] = [];
  const measure: Measure = async (what, ops, concurrency, fn) => {
    const times: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < ops) {
          const i = next++;
          const t = performance.now();
          await fn(i);
          times.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    times.sort((a, b) => a - b);
    rows.push({
      what,
      ops,
      seconds: Number(seconds.toFixed(2)),
      perSecond: (ops / seconds).toFixed(0),
      p50: `${times[Math.floor(times.length * 0.5)].toFixed(1)} ms`,
      p95: `${times[Math.floor(times.length * 0.95)].toFixed(1)} ms`,
    });
  };
  return { rows, measure };
}
