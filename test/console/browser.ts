import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import type { Credentials } from '../helpers/server.js';
import { TEST_BACKEND } from '../helpers/test-backend.js';

/** Debian's Chromium (.ci/run installs it): the tests never download a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Without the background-networking flags Chromium keeps dialling Google on a closed network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The README's pictures are refreshed only on request (UPDATE_SCREENSHOTS=1 npm test): a plain
 * test run still takes every picture, into a scratch folder, so it leaves the work tree clean.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, '../../docs/screenshots')
  : join(tmpdir(), 'strongroom-console-screenshots');

/** Launches a fresh browser (Playwright gives it a new empty profile). A missing Chromium fails the test. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Page problems worth failing for: uncaught errors and CSP violations (failed fetches are expected). */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (m.type() === 'error' && !text.startsWith('Failed to load resource')) problems.push(text);
  });
  return problems;
}

/**
 * Saves <SCREENSHOTS>/<name>.png. A whole page is taken by growing the window to the page's
 * height (a full-page capture would repeat the sticky header in the middle). `mask` boxes over
 * what must not be committed in a picture (access key ids: secret scanners flag them).
 */
export async function screenshot(page: Page, name: string, wholePage = false, mask: Locator[] = []): Promise<void> {
  // The same flows run again on PostgreSQL: one set of pictures is enough (and no two writers).
  if (TEST_BACKEND !== 'sqlite') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize()!;
  if (wholePage) {
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
  }
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), mask, maskColor: '#8a94a3' });
  if (wholePage) await page.setViewportSize(size);
}

export async function signInWith(page: Page, endpoint: string, c: Credentials): Promise<void> {
  await page.goto(`${endpoint}/console/`);
  await page.getByLabel('Access key ID').fill(c.accessKeyId);
  await page.getByLabel('Secret access key').fill(c.secretAccessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Secrets', exact: true }).waitFor();
}

/** What the browser keeps besides cookies: none of it may hold a secret value. */
export const browserStorage = (page: Page): Promise<string> =>
  // An expression run in the page (this project's TypeScript has no DOM types).
  page.evaluate<string>('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })');
