import { expect, type Browser, type Cookie, type Page } from '@playwright/test';
import { login } from '../e2e/helpers';

/*
 * The e2e specs' other devices: a second browser signed in as someone else (staff deciding, a
 * stranger trying an id), and a session's cookies replayed where they should no longer work.
 */

/** A page in a browser of its own, signed in as `who`; close it with `page.context().close()`. */
export async function signedInElsewhere(browser: Browser, who: { mobile: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, who);
  return page;
}

/** `cookies` (a copied or outdated session) replayed in a clean browser: `path` answers with the login page. */
export async function expectCookiesRefused(browser: Browser, cookies: Cookie[], path: string) {
  const ctx = await browser.newContext();
  await ctx.addCookies(cookies);
  const page = await ctx.newPage();
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  await ctx.close();
}
