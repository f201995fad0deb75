// Opens search.html?q=TERM over HTTP (a static server, as a host would serve the
// site) in headless Chromium and checks that Pagefind's UI finds EXPECTED_HREF
// among the results. Also opens search.html from file:// and checks it says, in
// Chinese, that search needs a web server.
// Usage: node search.mjs BASE_URL SITE_DIR TERM EXPECTED_HREF SCREENSHOT_DIR
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [base, site, term, expected, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
let failed = false;
const context = await browser.newContext({ viewport: { width: 900, height: 1000 } });
const tab = await context.newPage();
const problems = [];
tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
tab.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
const url = `${base}search.html?q=${encodeURIComponent(term)}`;
await tab.goto(url, { waitUntil: 'load' });
const links = tab.locator('.pagefind-ui__result-link');
try {
  await links.first().waitFor({ timeout: 20000 });
} catch {
  problems.push(`no results for ${term}`);
}
const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
const titles = await links.allTextContents();
await tab.screenshot({ path: join(shots, 'search.png'), fullPage: true });
if (!hrefs.some((h) => h && h.endsWith(expected))) problems.push(`${expected} not among ${JSON.stringify(hrefs)}`);
if (problems.length) {
  failed = true;
  console.log(`FAIL ${url}:\n  ${problems.join('\n  ')}`);
} else {
  console.log(`ok   ${url}: ${hrefs.length} results, first "${titles[0]}" → ${hrefs[0]}`);
}
// The same page from disk: search cannot load its index there, and says so.
const local = await context.newPage();
await local.goto(pathToFileURL(resolve(site, 'search.html')).href + `?q=${encodeURIComponent(term)}`, { waitUntil: 'load' });
const message = local.locator('#search-offline');
if (!(await message.isVisible()) || !(await message.textContent()).includes('搜索需要通过网站服务器访问')) {
  failed = true;
  console.log('FAIL search.html from file:// does not explain that search needs a web server');
} else {
  console.log('ok   search.html from file:// says search needs a web server');
}
await local.screenshot({ path: join(shots, 'search-file.png') });
await browser.close();
process.exit(failed ? 1 : 0);
