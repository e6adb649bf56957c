// Drives the web console in Debian's headless chromium: node console.mjs BASE_URL SCREENSHOT_DIR PASSWORD ADMIN_TOKEN
// Prints one JSON line of what it saw; ConsoleBrowserTest asserts on it. Any failure exits non-zero.
import { chromium } from 'playwright-core';
import { statSync } from 'node:fs';

const [base, shots, password, adminToken] = process.argv.slice(2);
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
  seen.planFormShown = await page.locator('#plan-form').isVisible(); // the platform admin's only
  await page.screenshot({ path: `${shots}/2-domain.png`, fullPage: true });

  await page.getByLabel('Local part').fill('dave');
  await page.locator('#new-password').fill('a long password');
  const listed = () => page.waitForResponse((r) => r.url().endsWith('/accounts?limit=500') && r.ok());
  await Promise.all([listed(), page.getByRole('button', { name: 'Create' }).click()]);
  await Promise.all([listed(), page.getByRole('button', { name: 'Delete alice@console.example' }).click()]);
  seen.error = await page.locator('#error').isVisible();
  const settled = () => page.locator('#shared:not([aria-busy])').waitFor({ state: 'attached' });
  await settled();

  // the role of an account, and the rights of users on the shared account bob@
  const put = (path) => page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(path) && r.ok());
  await Promise.all([put('/accounts/carol/role'),
    page.getByLabel('Role of carol@console.example').selectOption('DOMAIN_ADMIN')]);
  const team = page.getByRole('region', { name: 'bob@console.example' });
  seen.sharedUsers = await team.locator('tbody td:first-child').allTextContents();
  const aliceRights = page.getByLabel('Rights of alice@console.example on bob@console.example', { exact: true });
  seen.aliceRights = await aliceRights.inputValue();
  await aliceRights.fill('lrsw');
  await Promise.all([listed(), put('/acl/alice%40console.example'),
    page.getByRole('button', { name: 'Save rights of alice@console.example on bob@console.example' }).click()]);
  await settled();
  await Promise.all([listed(), page.getByRole('button', { name: 'Revoke rights of carol@console.example on bob@console.example' }).click()]);
  await settled();
  const give = page.getByRole('form', { name: 'Give rights on bob@console.example' });
  await give.getByLabel('User', { exact: true }).selectOption('carol@console.example');
  await give.getByLabel('Rights', { exact: true }).fill('lr');
  await Promise.all([listed(), put('/acl/carol%40console.example'), give.getByRole('button', { name: 'Give rights' }).click()]);
  await settled();
  seen.sharedError = await page.locator('#error').isVisible();
  await page.screenshot({ path: `${shots}/2a-shared.png`, fullPage: true });

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

  // the platform admin changes the domain's plan
  await page.getByLabel('Langue').selectOption('en');
  await page.getByText('Log in with a token').click();
  await page.getByLabel('Bearer token').fill(adminToken);
  await page.getByRole('button', { name: 'Log in' }).last().click();
  await page.getByRole('button', { name: 'Log out' }).waitFor(); // shown once the login is through
  await page.getByLabel('Domain', { exact: true }).fill('console.example');
  await page.getByRole('button', { name: 'Open' }).click();
  await settled(); // openDomain marks #shared busy as the click submits the form
  seen.planFormShownToAdmin = await page.locator('#plan-form').isVisible();
  await page.getByLabel('Quota (GB)').fill('20');
  await Promise.all([put('/domains/console.example/plan'), page.getByRole('button', { name: 'Change plan' }).click()]);
  await page.screenshot({ path: `${shots}/5-plan.png`, fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
