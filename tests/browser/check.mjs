// Loads pages of the built site from file:// in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) and fails on any console error,
// uncaught page error, or network request that is not a local file.
// Usage: node check.mjs SITE_DIR SCREENSHOT_DIR page.html [page.html …]
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [site, shots, ...pages] = process.argv.slice(2);
if (!site || !shots || pages.length === 0) {
  console.error('usage: node check.mjs SITE_DIR SCREENSHOT_DIR page.html…');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failures = 0;
for (const page of pages) {
  const url = pathToFileURL(resolve(site, page)).href;
  for (const [name, viewport] of [['desktop', { width: 900, height: 1200 }], ['phone', { width: 390, height: 844 }]]) {
    const context = await browser.newContext({ viewport, offline: true });
    const tab = await context.newPage();
    const problems = [];
    tab.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`); });
    tab.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
    await tab.goto(url, { waitUntil: 'load' });
    // The page must not be wider than the viewport (phones) apart from scrolling tables.
    const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) problems.push(`page is ${overflow}px wider than the ${name} viewport`);
    const svgs = await tab.locator('svg.chart').count();
    const shot = join(shots, `${page.replace(/[\/.]/g, '_')}-${name}.png`);
    await tab.screenshot({ path: shot, fullPage: true });
    if (problems.length) {
      failures += problems.length;
      console.log(`FAIL ${page} (${name}):\n  ${problems.join('\n  ')}`);
    } else {
      console.log(`ok   ${page} (${name}): ${svgs} charts, screenshot ${shot}`);
    }
    await context.close();
  }
}
// Print the issue page to PDF (A4) to check the print stylesheet produces pages.
const context = await browser.newContext();
const tab = await context.newPage();
await tab.goto(pathToFileURL(resolve(site, pages[0])).href, { waitUntil: 'load' });
await tab.emulateMedia({ media: 'print' });
const pdf = join(shots, 'issue-a4.pdf');
await tab.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
console.log(`ok   ${pages[0]} printed to ${pdf}`);
await browser.close();
console.log(`browser check: ${failures === 0 ? 'passed' : `${failures} problems`}`);
process.exit(failures === 0 ? 0 : 1);
