import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { addFunction, createRole } from '../rotation/helpers.js';
import { browserStorage, launchBrowser, screenshot, signInWith, watchProblems } from './browser.js';

/**
 * A new user's whole path through the console in a real browser: sign in, store a JSON secret
 * with the key/value editor, reveal and edit it, versions and labels, rotation on a schedule, a
 * resource policy with a validation finding, delete and restore, the audit trail.
 */
let srv: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
const NAME = `team-a/app/db-${randomUUID().slice(0, 6)}`;
const PASSWORD = `pw-${randomUUID()}`;
const NEW_PASSWORD = `pw2-${randomUUID()}`;
const ROTATOR = resolve(import.meta.dirname, '../rotation/fixtures/rotate-node.mjs');

const tab = (name: string) => page.getByRole('tab', { name });
const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });

beforeAll(async () => {
  srv = await startServer({ env: { STRONGROOM_ROTATION_TICK_MS: '200' } });
  await addFunction(srv.dataDir!, 'app-rotator', ['--node', ROTATOR, '--role', await createRole(srv, 'app-rotator')]);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  problems = watchProblems(page);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('managing a secret end to end', () => {
  it('signs in with the credentials the server wrote', async () => {
    await page.goto(`${srv.endpoint}/console/`);
    await page.getByRole('heading', { name: 'Sign in to Strongroom' }).waitFor();
    await page.getByText('data/credentials').waitFor();
    await screenshot(page, 'sign-in');
    await page.getByLabel('Access key ID').fill(srv.credentials!.accessKeyId);
    await page.getByLabel('Secret access key').fill('wrong');
    await button('Sign in').click();
    await page.getByText('The access key ID or the secret access key is not correct.').waitFor();
    await signInWith(page, srv.endpoint, srv.credentials!);
    await page.getByText('No secrets in us-east-1 yet.').waitFor();
  });

  it('stores a JSON secret written with the key/value editor', async () => {
    await button('Store a new secret').first().click();
    await page.getByLabel('Key 1').fill('username');
    await page.getByLabel('Value 1').fill('app');
    await button('Add row').click();
    await page.getByLabel('Key 2').fill('password');
    await page.getByLabel('Value 2').fill(PASSWORD);
    await page.getByLabel('Secret name').fill(NAME);
    await page.getByLabel('Description (optional)').fill('Database login of the app');
    await button('Add tag').click();
    await page.getByLabel('Tag key 1').fill('team');
    await page.getByLabel('Tag value 1').fill('a');
    await screenshot(page, 'create-secret', true);
    await button('Store secret').click();
    await page.getByRole('heading', { name: NAME }).waitFor();
    await page.getByText('Database login of the app').waitFor();
  });

  it('reveals the value on request, then edits it into a new version', async () => {
    await tab('Secret value').click();
    await expect(page.getByText(PASSWORD).count()).resolves.toBe(0);
    await button('Retrieve secret value').click();
    const row = page.getByRole('row', { name: /password/ });
    await row.getByText(PASSWORD).waitFor();
    await screenshot(page, 'secret-value');
    // The value is in the page only: never in the address, never in browser storage.
    expect(page.url()).not.toContain(PASSWORD);
    expect(await browserStorage(page)).not.toContain(PASSWORD);

    await button('Edit').click();
    await page.getByLabel('Value 2').fill(NEW_PASSWORD);
    await button('Plaintext').click();
    await page.getByText('Valid JSON').waitFor();
    await page.getByLabel('Secret value (plaintext)').fill('{"username": "app", "password": ');
    await page
      .getByText(/^Not valid JSON/)
      .first()
      .waitFor();
    // The editor reports the problem to the form after its own render: wait for the form's state.
    await page.getByRole('button', { name: 'Save new version', exact: true, disabled: true }).waitFor();
    await page.getByLabel('Secret value (plaintext)').fill(`{"username":"app","password":"${NEW_PASSWORD}"}`);
    await button('Key/value').click();
    await button('Save new version').click();
    await page.getByText(/Saved\. The new value is version .+ \(AWSCURRENT\)\./).waitFor();
    await button('Retrieve secret value').click();
    await page
      .getByRole('row', { name: /password/ })
      .getByText(NEW_PASSWORD)
      .waitFor();
  });

  it('lists the versions with their staging labels and moves a label', async () => {
    // Keyboard: arrow keys move between tabs.
    await tab('Secret value').focus();
    await page.keyboard.press('ArrowRight');
    await expect(tab('Versions').getAttribute('aria-selected')).resolves.toBe('true');
    const rows = page.getByRole('table', { name: `Versions of ${NAME}` }).getByRole('row');
    await rows.nth(2).waitFor();
    await expect(rows.count()).resolves.toBe(3);
    await rows.nth(1).getByText('AWSCURRENT').waitFor();
    await rows.nth(2).getByText('AWSPREVIOUS').waitFor();
    const older = (await rows.nth(2).getByRole('cell').first().textContent())!;
    await page.getByLabel('Label', { exact: true }).fill('release-1');
    await page.getByLabel('Move to version').selectOption(older);
    await button('Move label').click();
    await page.getByText(`Moved release-1 to version ${older}.`).waitFor();
    await rows.nth(2).getByText('release-1').waitFor();
    await screenshot(page, 'versions');
  });

  it('configures rotation on a schedule and shows the outcome of the run', async () => {
    await tab('Rotation').click();
    await button('Configure rotation').click();
    await page.getByLabel('Rotation function').fill('app-rotator');
    await page.getByLabel('Rotate every').fill('30');
    await page.getByLabel('Rotation window (hours, optional)').fill('4');
    await button('Save rotation').click();
    await page.getByText('Rotation configured and started.').waitFor();
    await page.getByText('rate(30 days), within a 4h window').waitFor();
    for (let i = 0; i < 100 && !(await page.getByText('Succeeded', { exact: true }).isVisible()); i++) {
      await button('Refresh').click();
      await page.waitForTimeout(200);
    }
    await page.getByText('Succeeded', { exact: true }).waitFor();
    const next = await page.locator('.dl-row', { hasText: 'Next rotation' }).locator('dd').textContent();
    expect(next).toMatch(/\d{4}/);
    await screenshot(page, 'rotation');
  });

  it('validates a resource policy, shows the finding, and blocks a public policy', async () => {
    await tab('Resource policy').click();
    const editor = page.getByLabel('Policy document (JSON)');
    await editor.fill(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
      }),
    );
    await button('Validate').click();
    await page.getByText('Validation findings').waitFor();
    await page.getByText(/grants broad access to the secret/).waitFor();
    await screenshot(page, 'resource-policy', true);
    await button('Save policy').click();
    await page.getByText('PublicPolicyException', { exact: true }).waitFor();
    await button('Start from a template').click();
    await button('Validate').click();
    await page.getByText('Validation passed: no findings.').waitFor();
    await button('Save policy').click();
    await page.getByText('The resource policy is saved.').waitFor();
  });

  it('schedules the deletion and restores the secret', async () => {
    await button('Delete secret').click();
    const dialog = page.getByRole('dialog', { name: `Delete ${NAME}` });
    await dialog.getByLabel('Waiting period (days)').fill('7');
    await dialog.getByRole('button', { name: 'Schedule deletion' }).click();
    await page.getByText(/^Deletion scheduled for /).waitFor();
    await page
      .getByText(/^Scheduled for deletion since /)
      .first()
      .waitFor();

    await page.getByRole('link', { name: 'Secrets', exact: true }).first().click();
    await page.getByText('No secrets in us-east-1 yet.').waitFor();
    await page.getByLabel('Show secrets scheduled for deletion').check();
    await page.getByRole('link', { name: NAME }).waitFor();
    await screenshot(page, 'secrets-list');
    await page.getByRole('link', { name: NAME }).click();
    await button('Cancel deletion').click();
    await page.getByText('Deletion cancelled: the secret is back in use.').waitFor();
  });

  it("finds the console's actions in the audit trail", async () => {
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByLabel('Filter', { exact: true }).selectOption('ResourceName');
    await page.getByLabel('Filter value').fill(NAME);
    await button('Search').click();
    const table = page.getByRole('table', { name: 'Audit events, newest first' });
    for (const name of [
      'CreateSecret',
      'GetSecretValue',
      'PutSecretValue',
      'UpdateSecretVersionStage',
      'RotateSecret',
      'RotationSucceeded',
      'ValidateResourcePolicy',
      'PutResourcePolicy',
      'DeleteSecret',
      'RestoreSecret',
    ]) {
      await table.getByText(name, { exact: true }).first().waitFor();
    }
    await screenshot(page, 'audit-trail');
    await button('Details').first().click();
    const record = await page.locator('pre.record').textContent();
    expect(record).toContain('"eventName"');
    expect(record).not.toContain(PASSWORD);
    expect(record).not.toContain(NEW_PASSWORD);
  });

  it('generates a password with the chosen options', async () => {
    await page.getByRole('link', { name: 'Password generator' }).click();
    await page.getByLabel('Length').fill('24');
    await page.getByLabel('Exclude punctuation').check();
    await button('Generate password').click();
    const out = (await page.getByLabel('Generated password').textContent())!;
    expect(out).toMatch(/^[A-Za-z0-9]{24}$/);
    await screenshot(page, 'password-generator');
  });

  it('raised no script error and no CSP violation, and logged no value', () => {
    expect(problems).toEqual([]);
    for (const v of [PASSWORD, NEW_PASSWORD]) expect(srv.stderr() + srv.stdout()).not.toContain(v);
  });
});
