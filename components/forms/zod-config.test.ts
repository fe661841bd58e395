import { describe, expect, it } from 'vitest';

describe('zod-config', () => {
  it('makes zod jitless whether zod loads after it or was loaded before', async () => {
    delete (globalThis as { __zod_globalConfig?: unknown }).__zod_globalConfig;
    await import('./zod-config');
    const { z } = await import('zod');
    expect(z.config().jitless).toBe(true);
    // zod's own object is the one the module set: a later z.config call and the module agree.
    expect(z.config()).toBe((globalThis as { __zod_globalConfig?: unknown }).__zod_globalConfig);
  });
});
