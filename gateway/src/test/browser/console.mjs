// Drives the web console in Debian's headless chromium: node console.mjs BASE_URL SCREENSHOT_DIR PASSWORD
// Prints one JSON line of what it saw; ConsoleBrowserTest asserts on it. Any failure exits non-zero.
import { chromium } from 'playwright-core';
import { statSync } from 'node:fs';

const [base, shots, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const seen = {};
try {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'en-US', viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(base);
  await page.getByLabel('Address').waitFor();
  await page.screenshot({ path: `${shots}/1-login.png`, fullPage: true });

  await page.getByLabel('Address').fill('postmaster@console.example');
  await page.getByLabel('Password').first().fill(password);
  await page.getByRole('button', { name: 'Log in' }).first().click();
  await page.locator('#g-occupied').filter({ hasText: /\S/ }).waitFor();
  seen.domainTitle = await page.locator('#domain-title').textContent();
  seen.occupied = await page.locator('#g-occupied').textContent();
  seen.archives = await page.locator('#g-archives').textContent();
  seen.snapshot = await page.locator('#g-snapshot').textContent();
  seen.chartBars = await page.locator('#chart rect').count();
  await page.locator('#accounts tbody tr').first().waitFor();
  seen.accounts = await page.locator('#accounts tbody td:first-child').allTextContents();
  await page.screenshot({ path: `${shots}/2-domain.png`, fullPage: true });

  await page.getByLabel('Local part').fill('dave');
  await page.locator('#new-password').fill('a long password');
  const listed = () => page.waitForResponse((r) => r.url().endsWith('/accounts?limit=500') && r.ok());
  await Promise.all([listed(), page.getByRole('button', { name: 'Create' }).click()]);
  await Promise.all([listed(), page.getByRole('button', { name: 'Delete alice@console.example' }).click()]);
  seen.error = await page.locator('#error').isVisible();

  const [zip] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Backup carol@console.example' }).click()]);
  const zipFile = `${shots}/downloaded-backup.zip`;
  await zip.saveAs(zipFile);
  seen.backupName = zip.suggestedFilename();
  seen.backupBytes = statSync(zipFile).size;
  seen.backupStatus = await page.locator('#backup-status').textContent();
  await page.screenshot({ path: `${shots}/2b-backup.png`, fullPage: true });

  await page.getByRole('link', { name: 'Message history' }).click();
  await page.getByLabel('Search', { exact: true }).fill('invoice');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('#hits li').first().waitFor();
  seen.total = await page.locator('#total').textContent();
  seen.hit = await page.locator('#hits li strong').first().textContent();
  seen.snippetMark = await page.locator('#hits .snippet b').first().textContent();
  await page.screenshot({ path: `${shots}/3-history.png`, fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download .eml' }).first().click()]);
  const file = `${shots}/downloaded.eml`;
  await download.saveAs(file);
  seen.emlName = download.suggestedFilename();
  seen.emlBytes = statSync(file).size;

  await page.getByRole('button', { name: 'Restore' }).first().click();
  seen.restored = await page.locator('#hits .restored').first().textContent();
  await page.screenshot({ path: `${shots}/3b-restored.png`, fullPage: true });

  await page.getByLabel('Language').selectOption('fr');
  await page.getByRole('link', { name: 'Domaine' }).click();
  seen.french = await page.locator('#gauge dt').first().textContent();
  await page.screenshot({ path: `${shots}/4-domaine-fr.png`, fullPage: true });

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.locator('#login-view').waitFor();
  seen.loggedOut = await page.locator('#login-view').isVisible();
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
