import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { resolveActor } from '../../../src/access/actor';
import { ACTION, BLOCK } from '../../../src/commitments/ids';
import { listCommitments } from '../../../src/commitments/service';
import { disconnectDatabase } from '../../../src/db/connection';
import { DeliverableActions, DeliverableBlocks } from '../../../src/deliverables/ids';
import { createDeliverable } from '../../../src/deliverables/service';
import { FollowUpActions } from '../../../src/followups/ids';
import { scheduleMeeting } from '../../../src/meetings/service';
import { PARTNER_ACTION } from '../../../src/partners/ids';
import { createPartner } from '../../../src/partners/service';
import { PERSONAS, personaFor, SANDBOX_CHANNELS } from '../../../tools/sandbox/people';
import { startSandbox, type RunningSandbox } from '../../../tools/sandbox/sandbox';
import { buildSandboxWeb } from '../../../tools/sandbox/web/build';
import { connectTestDatabase, testDatabaseUri } from '../../support/db';
import { CapturingLogger } from '../../support/logger';

/**
 * The sandbox page in real headless Chromium (Debian's package), against the real app on the test database.
 * Screenshots of each step go to test-output/sandbox/.
 */

const SHOTS = path.resolve(__dirname, '..', '..', '..', 'test-output', 'sandbox');
const construction = SANDBOX_CHANNELS.find((c) => c.commissionKey === 'construction')!;

const chicago = PERSONAS.find((p) => p.timeZone === 'America/Chicago')!;
let sandbox: RunningSandbox;
let stateDir: string;
let browser: BrowserContext;
let page: Page;
let profile: string;
const logger = new CapturingLogger();

jest.setTimeout(120_000);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await connectTestDatabase(); // a fresh database of this file's own
  await disconnectDatabase();
  await buildSandboxWeb(); // the page's front-end bundle, as `npm run sandbox` builds it
  stateDir = mkdtempSync(path.join(tmpdir(), 'sandbox-state-'));
  sandbox = await startSandbox({ port: 0, mongoUri: testDatabaseUri(), logger, stateDir });
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
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

async function actAs(role: Parameters<typeof personaFor>[0] | (typeof PERSONAS)[number]): Promise<void> {
  const p = typeof role === 'string' ? personaFor(role) : role;
  await page.selectOption('#persona', p.id);
  await page.waitForSelector(`#people-list li:has-text("@${p.handle} (you)")`);
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

async function openClock(): Promise<void> {
  if (await page.isHidden('#clock-panel')) await page.click('#clock-toggle');
  await page.waitForSelector('#clock-panel:not([hidden])');
}

async function closeClock(): Promise<void> {
  if (await page.isVisible('#clock-panel')) await page.click('#clock-toggle');
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
    // the modal shows the saved record, and the channel /commit was typed in says so (only to this person)
    await page.waitForSelector(`${modal}:has-text("Commitment recorded")`);
    const here = await page.waitForSelector('#messages .message.ephemeral:has-text("Commitment recorded")');
    expect(await here.textContent()).toContain('Con Edison');
    await shot('03a-commit-confirmation-in-modal-and-channel');
    await page.click('#modal-x');
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
    const openRequest = `#messages [data-action-id="${ACTION.openRequest}"]`;
    await page.waitForSelector(openRequest);
    await shot('04-partner-request-dm');
    // by selector, not the element found above: the message list may re-render in between (a newer poll)
    await page.click(openRequest);
    await page.waitForSelector(`${modal} [data-block-id="${BLOCK.partnerFixed}"]`);
    expect(await page.textContent(modal)).toContain('Con Edison');
    await page.selectOption(input(ACTION.type), { index: 2 });
    await page.fill(input(ACTION.quantity), '3');
    await page.fill(input(ACTION.startDate), '2027-04-15');
    await shot('05-partner-answer-modal');
    await page.click('#modal-submit');
    await page.waitForSelector(`${modal}:has-text("Commitment recorded")`);
    await page.click('#modal-x');
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

  it("shows times in the viewer's zone: a meeting at 15:30 New York reads 3:30 PM in New York and 2:30 PM in Chicago", async () => {
    const zone = 'America/New_York';
    const now = new Date(sandbox.clock.now());
    const day = DateTime.fromJSDate(now, { zone }).plus({ days: 1 });
    const date = day.toISODate()!;
    const lead = await resolveActor(personaFor('lead').id, sandbox.config.admins);
    const input = {
      commissionKey: 'construction',
      title: 'Spring planning',
      date,
      time: '15:30',
      durationMinutes: 60,
      place: 'Room 204',
      agenda: '',
    };
    await scheduleMeeting(lead, input, now, zone);
    // the clock jumps to 14:31 that day: the scheduler posts the 1-hour reminder in the commission's channel
    await actAs('lead');
    await openChannel(construction.id);
    await openClock();
    await page.fill('#clock-at', day.set({ hour: 14, minute: 31, second: 0, millisecond: 0 }).toISO()!);
    await page.click('#clock-jump');
    await page.waitForSelector('#clock-result[data-done="true"]');
    await closeClock();
    const reminder = '#messages .message:has-text("Spring planning")';
    await page.waitForSelector(reminder);
    expect(await page.textContent(reminder)).toContain('3:30 PM');
    await shot('08-meeting-reminder-new-york');

    await actAs(chicago);
    await openChannel(construction.id);
    await page.waitForSelector(reminder);
    const text = await page.textContent(reminder);
    expect(text).toContain('2:30 PM');
    expect(text).not.toContain('3:30 PM');
    expect(await page.textContent('#persona-role')).toContain('America/Chicago');
    await shot('09-meeting-reminder-chicago');
  });

  it("shows Slack's text: entities decoded, code, and emoji from the shortcodes", async () => {
    await actAs('lead');
    await openChannel(construction.id);
    await run('/iec help');
    const help = '#messages .message.ephemeral:has-text("/iec commission show")';
    await page.waitForSelector(help);
    expect(await page.textContent(help)).toContain('/iec commission show <key>');
    expect(await page.textContent(help)).not.toContain('&lt;');
    await shot('10-help-decoded');

    const lead = await resolveActor(personaFor('lead').id, sandbox.config.admins);
    const now = new Date(sandbox.clock.now());
    await createPartner({ name: 'AT&T', commissions: ['construction'], status: 'active', notes: '', contacts: [] }, lead.userId, now);
    await run('/iec partner list construction');
    const list = '#messages .message.ephemeral:has-text("AT&T")';
    await page.waitForSelector(list);
    expect(await page.textContent(list)).not.toContain('&amp;');

    const due = DateTime.fromJSDate(now, { zone: 'America/New_York' }).plus({ days: 10 }).toISODate()!;
    const deliverable = {
      commissionKey: 'construction',
      title: 'Site visit plan',
      description: '',
      ownerId: lead.userId,
      dueDate: due,
      linkedTypes: [],
    };
    await createDeliverable(lead, deliverable, now);
    await run('/iec deliverables construction');
    const row = '#messages .message.ephemeral:has-text("Site visit plan")';
    await page.waitForSelector(row);
    await page.click(`${row} .bk-button:has-text("Snooze a week")`);
    const snoozed = await page.waitForSelector('#messages .message.ephemeral:has-text("are snoozed until")');
    const emoji = await snoozed.$('.bk-emoji[title=":zzz:"]');
    expect(await emoji?.textContent()).toBe('💤');
    expect(await snoozed.textContent()).not.toContain(':zzz:');
    await shot('11-partner-list-and-zzz');
  });

  it('keeps the files the app uploads: the report chart inline, the CSV export downloads and parses to what the database holds; unread marks', async () => {
    await actAs('lead');
    await openChannel(construction.id);
    const dm = sandbox.fake.dmChannelFor(personaFor('lead').id);
    await run('/iec report construction');
    // the chart arrives by DM: the DM is marked unread until opened
    await page.waitForSelector(`[data-channel="${dm}"].unread .unread-count`);
    await shot('12-unread-dm');
    await run('/iec export construction all');
    await page.waitForFunction("Number(document.querySelector('#app-list .unread-count')?.textContent ?? 0) >= 2", undefined, {
      timeout: 60_000,
    });
    await openAppMessages();
    await page.waitForSelector(`[data-channel="${dm}"]:not(.unread)`);
    const chart = await page.waitForSelector('#messages .file-image img');
    // the PNG the app uploaded, loaded and drawn
    expect(
      await chart.evaluate(
        (img) =>
          new Promise<number>((resolve) => {
            const el = img as unknown as { complete: boolean; naturalWidth: number; onload: () => void };
            if (el.complete) resolve(el.naturalWidth);
            else el.onload = () => resolve(el.naturalWidth);
          }),
      ),
    ).toBeGreaterThan(100);
    await shot('13-report-chart-inline');
    await chart.click();
    await page.waitForSelector('#image-viewer:not([hidden]) img');
    await shot('14-chart-larger');
    await page.click('#image-viewer');

    const card = await page.waitForSelector('#messages .file-card:has-text(".csv")');
    await shot('15-csv-card');
    const [download] = await Promise.all([page.waitForEvent('download'), card.$('a.file-download').then((a) => a!.click())]);
    const file = await download.path();
    const bytes = readFileSync(file);
    const uploaded = sandbox.fake.uploadedFiles.find((f) => f.filename.endsWith('.csv'))!;
    expect(bytes.equals(uploaded.bytes)).toBe(true);
    const rows = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>;
    const lead = await resolveActor(personaFor('lead').id, sandbox.config.admins);
    const stored = await listCommitments({ commissionKey: 'construction' }, { offset: 0, limit: 1000 }, lead);
    expect(rows).toHaveLength(stored.total);
    const partners = (list: string[]) => [...new Set(list)].sort();
    const partnerColumn = Object.keys(rows[0]).find((k) => /partner/i.test(k))!;
    expect(partners(rows.map((r) => r[partnerColumn]))).toEqual(partners(stored.items.map((c) => c.partnerName)));
    expect(rows.some((r) => r[partnerColumn] === 'Con Edison' && Object.values(r).includes('12'))).toBe(true);
  });

  it('the clock ticks on its own, faster on request, and the weekly digest appears at Monday 09:00 simulated time', async () => {
    await actAs('lead');
    await openChannel(construction.id);
    const zone = 'America/New_York';
    const now = DateTime.fromMillis(sandbox.clock.now(), { zone });
    const monday = now.plus({ days: (8 - now.weekday) % 7 || 7 }).set({ hour: 8, minute: 58, second: 0, millisecond: 0 });
    await openClock();
    await page.fill('#clock-at', monday.toFormat("yyyy-MM-dd'T'HH:mm:ss"));
    await page.click('#clock-jump');
    const refused = await page.waitForSelector('#clock-result[data-done="error"]');
    expect(await refused.textContent()).toContain('has no offset');
    await page.fill('#clock-at', monday.toISO()!);
    await page.click('#clock-jump');
    await page.waitForSelector('#clock-result[data-done="true"]');
    const before = sandbox.fake.messages(construction.id).length;
    // one simulated minute per second: the scheduler's own ticks reach 09:00 in about two seconds
    const digestPosted = sandbox.fake.waitForNext(
      'chat.postMessage',
      (c) => c.args.channel === construction.id && /weekly digest/i.test(String(c.args.text)),
      30_000,
    );
    await page.click('#clock-rates [data-rate="60"]');
    const digest = await digestPosted;
    const postedAt = DateTime.fromSeconds(Number((digest.response as { ts: string }).ts), { zone });
    expect(postedAt >= monday.plus({ minutes: 2 })).toBe(true); // 09:00 or later
    expect(postedAt < monday.plus({ minutes: 10 })).toBe(true);
    await page.click('#clock-rates [data-rate="1"]');
    await page.waitForFunction(`document.querySelectorAll('#messages .message:not(.ephemeral)').length > ${before}`);
    expect(await page.textContent('#messages')).toMatch(/Construction\/Sustainability/);
    expect(await page.locator('#messages .bk-unsupported').count()).toBe(0);
    expect(await page.textContent('#clock-now')).toContain(monday.toFormat('LLL d'));
    await shot('16-clock-weekly-digest');
    await closeClock();
  });

  it('keeps history across a restart: the follow-up button still answers, and chat.update changes it in place', async () => {
    // the follow-up is due at 10:00 the day after the commitment recorded in the first test (March 10–20, 2027)
    await actAs('lead');
    await openClock();
    await page.fill('#clock-at', '2027-03-22T10:05:00-04:00');
    await page.click('#clock-jump');
    await page.waitForSelector('#clock-result[data-done="true"]');
    await closeClock();
    const marcus = personaFor('partner');
    const dm = sandbox.fake.dmChannelFor(marcus.id);
    await sandbox.fake.waitFor('chat.postMessage', (c) => c.args.channel === dm || c.args.channel === marcus.id, 60_000);
    const simulated = sandbox.clock.now();

    await sandbox.stop();
    sandbox = await startSandbox({ port: 0, mongoUri: testDatabaseUri(), logger, stateDir });
    expect(sandbox.clock.now()).toBeGreaterThanOrEqual(simulated);
    await page.goto(sandbox.url);
    await page.waitForSelector('body[data-ready="true"]');

    await actAs('partner');
    await openAppMessages();
    const question = `#messages .message:has([data-action-id="${FollowUpActions.fulfilled}"])`;
    await page.waitForSelector(question);
    const ts = await page.getAttribute(question, 'data-ts');
    const count = await page.locator('#messages > .message').count();
    await shot('17-follow-up-after-restart');
    await page.click(`${question} [data-action-id="${FollowUpActions.fulfilled}"]`);
    await page.waitForSelector(`#messages .message[data-ts="${ts}"] .edited`);
    expect(await page.locator(`#messages .message[data-ts="${ts}"] [data-action-id="${FollowUpActions.fulfilled}"]`).count()).toBe(0);
    expect(await page.locator('#messages > .message').count()).toBe(count);
    await shot('18-follow-up-answered-in-place');
  });

  it('a first week: a status changed from the list is confirmed there with Open <partner>; a deliverable added in the channel is told there with Open details', async () => {
    await actAs('lead');
    await openChannel(construction.id);
    await run('/iec commitments construction');
    const list = '#messages .message.ephemeral:has-text("Commitments for")';
    await page.waitForSelector(`${list} [data-action-id="${ACTION.status}"]`);
    // the row of a commitment still pledged: its select offers "Confirmed"
    const selects = page.locator(`${list} select[data-action-id="${ACTION.status}"]`);
    let pledged = -1;
    for (let i = 0; i < (await selects.count()) && pledged < 0; i++) {
      const labels = await selects.nth(i).locator('option').allTextContents();
      if (labels.includes('Confirmed')) pledged = i;
    }
    expect(pledged).toBeGreaterThanOrEqual(0);
    await selects.nth(pledged).selectOption({ label: 'Confirmed' });
    const confirmation = `#messages .message.ephemeral:has-text("Status changed")`;
    await page.waitForSelector(`${confirmation} [data-action-id="${PARTNER_ACTION.open}"]`);
    expect(await page.textContent(confirmation)).toContain('Construction/Sustainability');
    await page.locator(`${confirmation} [data-action-id="${PARTNER_ACTION.open}"]`).scrollIntoViewIfNeeded();
    await shot('19-status-changed-in-list-with-open-partner');
    await page.click(`${confirmation} [data-action-id="${PARTNER_ACTION.open}"]`);
    const card = page.locator(`#messages .message.ephemeral:has([data-action-id="${PARTNER_ACTION.history}"])`).last();
    await card.waitFor();
    expect(await card.textContent()).toContain('Construction/Sustainability');
    await card.scrollIntoViewIfNeeded();
    await shot('20-partner-card-opened');

    await run('/iec deliverable add');
    await page.waitForSelector(`${modal} [data-block-id="${DeliverableBlocks.commission}"]`);
    expect(await page.textContent(modal)).toContain('Construction/Sustainability');
    await page.fill(input(DeliverableBlocks.title), 'Spring externship plan');
    await page.selectOption(input(DeliverableBlocks.owner), personaFor('lead').id);
    await page.fill(input(DeliverableBlocks.dueDate), '2027-04-30');
    await shot('21-deliverable-add-channel-default');
    await page.click('#modal-submit');
    await page.waitForSelector(`${modal}:has-text("Deliverable added")`);
    await page.click('#modal-x');
    await page.waitForSelector('#modal-backdrop', { state: 'hidden' });
    const added = '#messages .message.ephemeral:has-text("Spring externship plan")';
    await page.waitForSelector(`${added} [data-action-id="${DeliverableActions.details}"]`);
    await shot('22-deliverable-added-in-channel');
    await page.click(`${added} [data-action-id="${DeliverableActions.details}"]`);
    await page.waitForSelector(`${modal}:has-text("Spring externship plan")`);
    await shot('23-deliverable-details');
    await page.click('#modal-x');
    await page.waitForSelector('#modal-backdrop', { state: 'hidden' });
  });

  it('the page’s API refuses what no person on the page could send, and any other site', async () => {
    const unknown = await fetch(`${sandbox.url}/api/channel?user=U0NOBODY&channel=${construction.id}`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ ok: false, error: expect.stringContaining('unknown person') });
    const noOffset = await fetch(`${sandbox.url}/api/clock`, {
      method: 'POST',
      body: JSON.stringify({ action: 'jump', at: '2030-01-07T09:00' }),
    });
    expect(noOffset.status).toBe(400);
    expect(((await noOffset.json()) as { error: string }).error).toMatch(/has no offset.*e\.g\. 2026-12-07T09:00:00-05:00/);

    const message = { user: personaFor('admin').id, channel: construction.id, text: '/iec admin add @sam.rivera' };
    const crossSite = await fetch(`${sandbox.url}/api/message`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify(message),
    });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: string }).error).toContain('another site');
    // DNS rebinding: a foreign name pointing at 127.0.0.1
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: sandbox.port, path: '/api/state', headers: { host: `evil.example:${sandbox.port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
    expect(sandbox.fake.callsTo('chat.postEphemeral').some((c) => JSON.stringify(c.args).includes('sam.rivera'))).toBe(false);
    // from the page itself, the same kind of request works
    const own = await page.evaluate(async () => (await fetch('/api/state')).status);
    expect(own).toBe(200);
  });

  it('a slash command the app does not have is refused by the page, as Slack does', async () => {
    await run('/nothing here');
    await page.waitForSelector('#composer-notice:not([hidden])');
    expect(await page.textContent('#composer-notice')).toContain('/nothing is not a valid command');
    expect(logger.errors()).toEqual([]);
  });
});
