import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { launchBrowser, screenshot, signInWith, watchProblems } from './browser.js';

/**
 * Who sees what: an administrator gives a user a policy and a key in the console; that user then
 * sees only its team's secrets and gets AWS's denial for the rest. Also the one-time sign-in
 * link, the end of a session, the dark theme and widths from a laptop to a wide screen.
 */
let srv: RunningServer;
let browser: Browser;
const suffix = randomUUID().slice(0, 6);
const TEAM_A = `team-a/service-${suffix}`;
const TEAM_B = `team-b/service-${suffix}`;
let alice: { accessKeyId: string; secretAccessKey: string };
const TEAM_A_ONLY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds'],
      Resource: 'arn:aws:secretsmanager:*:*:secret:team-a/*',
    },
  ],
};

beforeAll(async () => {
  srv = await startServer();
  const sm = srv.client();
  for (const Name of [TEAM_A, TEAM_B]) await sm.send(new CreateSecretCommand({ Name, SecretString: '{"k":"v"}' }));
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await srv.stop();
  removeDir(srv.dataDir);
});

const newPage = async (o: { width?: number; height?: number; dark?: boolean } = {}): Promise<Page> =>
  browser.newPage({
    viewport: { width: o.width ?? 1280, height: o.height ?? 800 },
    colorScheme: o.dark ? 'dark' : 'light',
  });

describe('users and access', () => {
  it('lets the administrator create a user with a policy and an access key', async () => {
    const page = await newPage();
    const problems = watchProblems(page);
    await signInWith(page, srv.endpoint, srv.credentials!);
    await page.getByRole('link', { name: 'Users and keys' }).click();
    await page.getByText('No users yet.').waitFor();
    await page.getByLabel('New user name').fill('alice');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('heading', { name: 'alice' }).waitFor();
    await page.getByText('No policies: this user may do nothing yet.').waitFor();
    await page.getByRole('button', { name: 'Start from a template' }).click();
    await expect(page.getByLabel('Policy document (JSON)').inputValue()).resolves.toContain(
      'secretsmanager:ListSecrets',
    );
    // Without ListSecrets (which AWS cannot limit to some secrets) not even the names of others show.
    await page.getByLabel('Policy document (JSON)').fill(JSON.stringify(TEAM_A_ONLY, null, 2));
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText('Policy secrets-access saved.').waitFor();
    await page.getByRole('button', { name: 'Create access key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New access key' });
    await dialog.getByText('This is the only time the secret access key is shown.').waitFor();
    alice = {
      accessKeyId: (await dialog.locator('.new-key-id').textContent())!,
      secretAccessKey: (await dialog.locator('.new-key-secret').textContent())!,
    };
    expect(alice.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    await dialog.getByRole('button', { name: 'I have saved the secret' }).click();
    await page
      .getByRole('row', { name: new RegExp(alice.accessKeyId) })
      .getByText('Active')
      .waitFor();
    await screenshot(page, 'users', true, [page.locator('td.mono')]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("lets a restricted user work with its team's secrets only, with AWS's denial for the others", async () => {
    const page = await newPage();
    const problems = watchProblems(page);
    await page.goto(`${srv.endpoint}/console/`);
    await page.getByLabel('Access key ID').fill(alice.accessKeyId);
    await page.getByLabel('Secret access key').fill(alice.secretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('alice', { exact: true }).first().waitFor();
    await page.getByRole('alert').getByText('AccessDeniedException').waitFor();
    await expect(page.getByText(TEAM_B).count()).resolves.toBe(0);

    await page.getByLabel('Open a secret by name or ARN').fill(TEAM_A);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { name: TEAM_A }).waitFor();
    await page.getByRole('tab', { name: 'Secret value' }).click();
    await page.getByRole('button', { name: 'Retrieve secret value' }).click();
    await page.getByRole('row', { name: /k/ }).getByText('v', { exact: true }).waitFor();

    await page.goto(`${srv.endpoint}/console/secret?id=${encodeURIComponent(TEAM_B)}`);
    const alert = page.getByRole('alert');
    await alert.getByText('AccessDeniedException').waitFor();
    await alert
      .getByText(
        /^User: arn:aws:iam::\d{12}:user\/alice is not authorized to perform: secretsmanager:DescribeSecret on resource: /,
      )
      .waitFor();
    await alert.getByText('Your policies do not allow this action').waitFor();
    await screenshot(page, 'access-denied');

    await page.getByRole('link', { name: 'Users and keys' }).click();
    await page.getByRole('alert').getByText('AccessDenied', { exact: true }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('sessions', () => {
  it('signs the administrator in with a one-time link from `strongroom console-login`', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      MAIN,
      'console-login',
      '--data-dir',
      srv.dataDir!,
      '--url',
      srv.endpoint,
    ]);
    const link = stdout.split('\n')[0]!;
    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Secrets', exact: true }).waitFor();
    expect(page.url()).toBe(`${srv.endpoint}/console/`);
    await page.getByText('root', { exact: true }).waitFor();
    await page.close();

    const again = await newPage();
    await again.goto(link);
    await again.getByText('SignInLinkInvalid').waitFor();
    await again.getByRole('heading', { name: 'Sign in to Strongroom' }).waitFor();
    await again.close();
  });

  it('returns to the sign-in page when the session ends elsewhere', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await context.newPage();
    await signInWith(first, srv.endpoint, srv.credentials!);
    const second = await context.newPage();
    await second.goto(`${srv.endpoint}/console/`);
    await second.getByRole('button', { name: 'Sign out' }).click();
    await second.getByText('You have signed out.').waitFor();
    await first.getByRole('link', { name: 'Password generator' }).click();
    await first.getByRole('button', { name: 'Generate password' }).click();
    await first.getByText('Your session has ended. Sign in again to continue.').waitFor();
    await context.close();
  });
});

describe('themes and layout', () => {
  it('follows the system dark theme', async () => {
    const page = await newPage({ dark: true });
    await signInWith(page, srv.endpoint, srv.credentials!);
    await page.getByRole('link', { name: TEAM_A }).waitFor();
    // Expressions run in the page (this project's TypeScript has no DOM types).
    const bg = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    const [r, g, b] = bg.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(150);
    await screenshot(page, 'secrets-list-dark');
    await page.close();
  });

  it('fits a laptop and a wide screen without sideways scrolling', async () => {
    for (const [width, height] of [
      [1024, 700],
      [1920, 1080],
    ] as const) {
      const page = await newPage({ width, height });
      await signInWith(page, srv.endpoint, srv.credentials!);
      await page.getByRole('link', { name: TEAM_A }).waitFor();
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
      expect(overflow, `${width}px`).toBeLessThanOrEqual(0);
      await page.close();
    }
  });
});
