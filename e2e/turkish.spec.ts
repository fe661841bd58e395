import { expect, test } from '@playwright/test';
import { DEMO, login } from './helpers';

/**
 * Turkish everywhere: each page of the merchant's and the staff's menu opens with the Turkish
 * catalogue (lang=tr) and no server error — a page that indexed something by 'fa' | 'en' alone
 * would fail here. A full-page screenshot of each is kept in the test's output for a look.
 */

for (const who of ['merchant', 'admin'] as const) {
  test(`every menu page opens in Turkish (${who})`, async ({ page }, testInfo) => {
    await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'tr', url: testInfo.project.use.baseURL! }]);
    await login(page, DEMO[who]);
    await expect(page).not.toHaveURL(/\/login/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'tr');
    await page.locator('nav a').first().waitFor();
    const hrefs = await page.locator('nav a').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!).filter((h) => h.startsWith('/')))]);
    expect(hrefs.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const href of hrefs) {
      const res = await page.goto(href);
      const lang = await page.locator('html').getAttribute('lang');
      const text = await page.locator('body').innerText();
      if ((res?.status() ?? 0) >= 400 || lang !== 'tr' || /Application error|Internal Server Error/.test(text)) bad.push(`${href} ${res?.status()} ${lang}`);
      const path = testInfo.outputPath(`${href.replace(/\W+/g, '_')}.png`);
      await page.screenshot({ path, fullPage: true });
    }
    expect(bad).toEqual([]);
  });
}
