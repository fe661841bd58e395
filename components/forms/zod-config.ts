/**
 * zod's settings for the browser, set before zod itself loads.
 *
 * Our Content-Security-Policy forbids eval (scripts/edge.mjs), so zod's compiled object parsers can
 * never run in the browser; and zod's probe for them (`new Function('')`) is itself a CSP violation
 * Chrome reports as an issue on every page with a form (Lighthouse best practices: 96). Never probe.
 *
 * zod keeps its settings in one object on `globalThis.__zod_globalConfig`, made on its first load
 * if absent (zod/v4/core/core.js), so every copy shares them. Setting `jitless` there, rather than
 * calling `z.config`, keeps zod out of the first bundle of pages whose forms load it only when they
 * are first checked (the payer's page). zod-config.test.ts checks that `z.config()` sees it, so a zod
 * that moved its settings would fail there, not silently probe again.
 */
const g = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
(g.__zod_globalConfig ??= {}).jitless = true;

export {};
