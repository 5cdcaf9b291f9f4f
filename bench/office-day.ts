import { performance } from 'node:perf_hooks';
import { ACTION, BLOCK } from '../src/commitments';
import {
  blockSuggestionPayload,
  eventCallbackEnvelope,
  events,
  slashCommandPayload,
  viewSubmissionPayload,
  type PayloadContext,
} from '../tools/slack-standin/requests';
import { seededRandom } from '../test/faults/support/random';
import { type Arrivals, percentiles, type Percentiles, send } from './load';

/**
 * An office day: `people` IECs for `minutes`, each doing what IECs do — a command and its reply, /commit and
 * its form, a form submitted, their Home opened, partner names typed — with a pause of 1–4 s between steps,
 * as people do. Every answer is timed from sending to the moment the person has it: the ephemeral reply,
 * the opened modal, the published Home, the ack of a submission, the type-ahead's options.
 */

export interface OfficeDayInput {
  url: string;
  ctx: PayloadContext;
  arrivals: Arrivals;
  people: string[];
  minutes: number;
  partnerNames: string[];
  partnerIds: string[];
  commissionOf: (partnerIndex: number) => string;
  formView: object;
  iecTexts: string[];
}

export interface OfficeDayResult {
  all: Percentiles;
  byKind: Record<string, Percentiles & { unanswered: number }>;
  unanswered: number;
  steps: number;
}

const form = (payload: object) => new URLSearchParams(Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)])).toString();
const interactive = (payload: object) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

export async function officeDay(input: OfficeDayInput): Promise<OfficeDayResult> {
  const r = seededRandom(99);
  const end = performance.now() + input.minutes * 60_000;
  const times: Record<string, number[]> = {};
  const missed: Record<string, number> = {};
  let steps = 0;
  const record = (kind: string, ms: number | undefined) => {
    if (ms === undefined) missed[kind] = (missed[kind] ?? 0) + 1;
    else {
      times[kind] ??= [];
      times[kind].push(ms);
    }
  };
  const form_ = input.formView;
  const person = async (user: string, n: number) => {
    let i = 0;
    while (performance.now() < end) {
      i += 1;
      steps += 1;
      const dice = r.next();
      const partner = r.int(input.partnerNames.length);
      if (dice < 0.4) {
        const text = input.iecTexts[r.int(input.iecTexts.length)];
        const payload = slashCommandPayload(input.ctx, '/iec', text, { userId: user });
        const reply = input.arrivals.expect(`response:${new URL(payload.response_url).pathname}`);
        const t = performance.now();
        await send(input.url, { contentType: 'application/x-www-form-urlencoded', body: form(payload) });
        const at = await reply();
        record('/iec reply', at === undefined ? undefined : at - t);
      } else if (dice < 0.55) {
        const payload = slashCommandPayload(input.ctx, '/commit', input.partnerNames[partner], { userId: user });
        const modal = input.arrivals.expect(`trigger:${payload.trigger_id}`);
        const t = performance.now();
        await send(input.url, { contentType: 'application/x-www-form-urlencoded', body: form(payload) });
        const at = await modal();
        record('/commit modal', at === undefined ? undefined : at - t);
      } else if (dice < 0.7) {
        const payload = viewSubmissionPayload(input.ctx, {
          userId: user,
          view: { ...form_, id: `VOFFICE${n}x${i}` },
          values: {
            [BLOCK.partner]: { [ACTION.partner]: input.partnerIds[partner] },
            [BLOCK.commission]: { [ACTION.commission]: input.commissionOf(partner) },
            [BLOCK.type]: { [ACTION.type]: r.pick(['mentoring', 'guest_speaking', 'site_visit']) },
            [BLOCK.quantity]: { [ACTION.quantity]: String(1 + r.int(10)) },
            [BLOCK.startDate]: { [ACTION.startDate]: '2026-03-09' },
          },
        });
        const res = await send(input.url, { contentType: 'application/x-www-form-urlencoded', body: interactive(payload) });
        record('form submitted', res.status === 200 ? res.ms : undefined);
      } else if (dice < 0.85) {
        const published = input.arrivals.expect(`publish:${user}`);
        const t = performance.now();
        await send(input.url, {
          contentType: 'application/json',
          body: JSON.stringify(eventCallbackEnvelope(input.ctx, events.appHomeOpened(user))),
        });
        const at = await published();
        record('Home opened', at === undefined ? undefined : at - t);
      } else {
        const name = input.partnerNames[partner];
        const typed = r.chance(0.3) ? `${name.slice(0, 3)}${name.slice(4, 8)}` : name.slice(0, 2 + r.int(6));
        const payload = blockSuggestionPayload(input.ctx, {
          userId: user,
          actionId: ACTION.partner,
          blockId: BLOCK.partner,
          value: typed,
          view: { ...form_, id: 'VOFFICETYPE' },
        });
        const res = await send(input.url, { contentType: 'application/x-www-form-urlencoded', body: interactive(payload) });
        record('type-ahead', res.status === 200 ? res.ms : undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000 + r.int(3_000)));
    }
  };
  await Promise.all(input.people.map((user, n) => person(user, n)));
  const kinds = new Set([...Object.keys(times), ...Object.keys(missed)]);
  const byKind = Object.fromEntries(
    [...kinds].map((k) => [k, { ...percentiles(times[k] ?? []), unanswered: missed[k] ?? 0 }]),
  ) as OfficeDayResult['byKind'];
  return {
    all: percentiles(Object.values(times).flat()),
    byKind,
    unanswered: Object.values(missed).reduce((a, b) => a + b, 0),
    steps,
  };
}
