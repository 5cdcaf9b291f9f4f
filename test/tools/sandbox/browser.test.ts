import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ACTION, BLOCK } from '../../../src/commitments/ids';
import { disconnectDatabase } from '../../../src/db/connection';
import { personaFor, SANDBOX_CHANNELS } from '../../../tools/sandbox/people';
import { startSandbox, type RunningSandbox } from '../../../tools/sandbox/sandbox';
import { buildSandboxWeb } from '../../../tools/sandbox/web/build';
import { connectTestDatabase, testDatabaseUri } from '../../support/db';
import { CapturingLogger } from '../../support/logger';

/**
 * The sandbox page in real headless Chromium (Debian's package), against the real app on the test database.
 * Screenshots of each step go to test-output/sandbox/.
 */

const SHOTS = path.resolve(__dirname, '..', '..', 'test-output', 'sandbox');
const construction = SANDBOX_CHANNELS.find((c) => c.commissionKey === 'construction')!;

let sandbox: RunningSandbox;
let browser: BrowserContext;
let page: Page;
let profile: string;
const logger = new CapturingLogger();

jest.setTimeout(60_000);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await connectTestDatabase(); // a fresh database of this file's own
  await disconnectDatabase();
  await buildSandboxWeb(); // the page's front-end bundle, as `npm run sandbox` builds it
  sandbox = await startSandbox({ port: 0, mongoUri: testDatabaseUri(), logger });
  profile = mkdtempSync(path.join(tmpdir(), 'sandbox-chromium-'));
  // a fresh profile (--user-data-dir) of this run's own
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1360, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(sandbox.url);
  await page.waitForSelector('body[data-ready="true"]');
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

async function actAs(role: Parameters<typeof personaFor>[0]): Promise<void> {
  await page.selectOption('#persona', personaFor(role).id);
  await page.waitForSelector(`#people-list li:has-text("@${personaFor(role).handle} (you)")`);
}

async function openChannel(id: string): Promise<void> {
  await page.click(`[data-channel="${id}"]`);
  await page.waitForSelector(`[data-channel="${id}"].active`);
}

async function openAppMessages(): Promise<void> {
  await page.click('#app-list [data-channel]');
  await page.click('#tab-messages');
  await page.waitForSelector('#tab-messages.active');
}

async function run(text: string): Promise<void> {
  await page.fill('#message-input', text);
  await page.press('#message-input', 'Enter');
}

const modal = '#modal-backdrop:not([hidden])';
const input = (actionId: string) => `${modal} [data-action-id="${actionId}"]`;

describe('npm run sandbox, in a browser', () => {
  it('an IEC runs /commit, picks the partner through the type-ahead, gets an inline error, fixes it and sees the confirmation', async () => {
    await actAs('lead');
    await openChannel(construction.id);
    await run('/commit');
    await page.waitForSelector(`${modal} [data-block-id="${BLOCK.partner}"]`);

    await page.fill(`${input(ACTION.partner)} .bk-typeahead-input`, 'Con Ed');
    await page.click(`${modal} .bk-suggestion[data-text="Con Edison"]`);
    await page.waitForSelector(`${input(ACTION.partner)} .bk-chip[data-text="Con Edison"]`);
    await page.selectOption(input(ACTION.type), { index: 1 });
    await page.fill(input(ACTION.quantity), '12');
    await page.fill(input(ACTION.startDate), '2027-03-10');
    await page.fill(input(ACTION.endDate), '2027-03-01');
    await shot('01-commit-modal-filled');

    await page.click('#modal-submit');
    const error = await page.waitForSelector(`${modal} [data-error-for="${BLOCK.endDate}"]:not([hidden])`);
    expect(await error.textContent()).toContain('end date cannot be before the start date');
    // what was typed is still there
    expect(await page.inputValue(input(ACTION.quantity))).toBe('12');
    expect(await page.locator(`${input(ACTION.partner)} .bk-chip`).getAttribute('data-text')).toBe('Con Edison');
    await shot('02-commit-inline-error');

    await page.fill(input(ACTION.endDate), '2027-03-20');
    await page.click('#modal-submit');
    await page.waitForSelector('#modal-backdrop', { state: 'hidden' });
    await openAppMessages();
    const confirmation = await page.waitForSelector('#messages .message:has-text("Con Edison")');
    expect(await confirmation.textContent()).toMatch(/recorded/i);
    await shot('03-commit-confirmation');
  });

  it('a partner contact answers an IEC’s request from their DM', async () => {
    await actAs('lead');
    await openChannel(construction.id);
    await run(`/iec request @${personaFor('partner').handle} construction`);
    const ack = await page.waitForSelector('#messages .message.ephemeral:has-text("I asked")');
    expect(await ack.textContent()).toContain('Only visible to you');

    await actAs('partner');
    await openAppMessages();
    const button = await page.waitForSelector(`#messages [data-action-id="${ACTION.openRequest}"]`);
    await shot('04-partner-request-dm');
    await button.click();
    await page.waitForSelector(`${modal} [data-block-id="${BLOCK.partnerFixed}"]`);
    expect(await page.textContent(modal)).toContain('Con Edison');
    await page.selectOption(input(ACTION.type), { index: 2 });
    await page.fill(input(ACTION.quantity), '3');
    await page.fill(input(ACTION.startDate), '2027-04-15');
    await shot('05-partner-answer-modal');
    await page.click('#modal-submit');
    await page.waitForSelector('#modal-backdrop', { state: 'hidden' });
    await page.waitForSelector('#messages .thread .message');
    await shot('06-partner-confirmation-in-thread');

    await actAs('lead');
    await openAppMessages();
    await page.waitForSelector(`#messages .message:has-text("${personaFor('partner').name}")`);
  });

  it('the Home tab renders what the app publishes', async () => {
    await actAs('admin');
    await page.click('#app-list [data-channel]');
    await page.click('#tab-home');
    await page.waitForSelector('#home:not([hidden]) .home-surface [data-bk="header"]');
    expect(sandbox.fake.callsTo('views.publish').some((c) => c.ok)).toBe(true);
    expect(await page.locator('#home .bk-unsupported').count()).toBe(0);
    await shot('07-home-tab');
    // a button on the Home tab acts like any other: here it opens the commitment form
    await page.click('#home .bk-button:has-text("Record a commitment")');
    await page.waitForSelector(`${modal} [data-block-id="${BLOCK.type}"]`);
    await page.click('#modal-x');
    await page.waitForSelector('#modal-backdrop', { state: 'hidden' });
  });

  it('the clock panel runs the scheduler as of next Monday and the weekly digest appears in the commission’s channel', async () => {
    await actAs('lead');
    await openChannel(construction.id);
    await page.click('#clock-toggle');
    await page.click('#clock-suggestions button:first-child');
    await page.selectOption('#clock-job', 'tick');
    await page.click('#clock-run');
    const result = await page.waitForSelector('#clock-result[data-done="true"]');
    expect(await result.textContent()).toMatch(/[1-9]\d* sent/);
    const digest = await page.waitForSelector('#messages .message:not(.ephemeral) [data-bk]');
    expect(await page.textContent('#messages .message:not(.ephemeral)')).toMatch(/Construction\/Sustainability/);
    expect(await digest.evaluate((el) => el.closest('.message')?.querySelectorAll('.bk-unsupported').length)).toBe(0);
    await shot('08-clock-weekly-digest');
    await page.click('#clock-toggle');
  });

  it('the page’s API refuses what no person on the page could send', async () => {
    const unknown = await fetch(`${sandbox.url}/api/channel?user=U0NOBODY&channel=${construction.id}`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ ok: false, error: expect.stringContaining('unknown person') });
    const bad = await fetch(`${sandbox.url}/api/clock`, { method: 'POST', body: JSON.stringify({ at: 'next week' }) });
    expect(bad.status).toBe(400);
  });

  it('a slash command the app does not have is refused by the page, as Slack does', async () => {
    await run('/nothing here');
    await page.waitForSelector('#composer-notice:not([hidden])');
    expect(await page.textContent('#composer-notice')).toContain('/nothing is not a valid command');
    expect(logger.errors()).toEqual([]);
  });
});
