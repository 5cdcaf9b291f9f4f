import type { WebClient } from '@slack/web-api';
import type { Logger } from '@slack/logger';
import type { KnownBlock } from '@slack/types';
import type { PlanningReads } from './planning-reads';

/**
 * The contract between the scheduler and the features that send scheduled messages (meeting and
 * deliverable reminders, digests, fulfilment follow-ups). The scheduler owns claiming, leases, retries,
 * catch-up and bookkeeping; a source only says what should exist and what it says when it is sent.
 */

export interface OutgoingMessage {
  text: string;
  blocks?: KnownBlock[];
  /**
   * Images shown at the end of the message (e.g. the digest's chart). Delivery uploads each privately
   * (files.uploadV2 without a channel) and shows it with an image block pointing at the file, so the message
   * itself still carries the notification key and stays exactly-once.
   */
  images?: OutgoingImage[];
}

export interface OutgoingImage {
  filename: string;
  title: string;
  altText: string;
  /** PNG, JPEG or GIF bytes. */
  content: Buffer;
}

/** A channel id, or a user id (the scheduler opens the DM). */
export type Recipient = { channel: string } | { user: string };

/** One notification that should exist, as its source plans it from the database. */
export interface PlannedNotification {
  /** Deterministic and unique: e.g. `meeting:<id>:r<revision>:1440`, `digest:healthcare:2026-W48`. */
  key: string;
  /** The source's kind. */
  kind: string;
  /** When it should go out. */
  dueAt: Date;
  /** After this instant it is no longer useful: it is recorded as skipped (with the reason) instead of sent. */
  expiresAt: Date;
  /** Whose leads hear about a permanent delivery failure. */
  commissionKey?: string;
  recipient: Recipient;
  /** What it is about, as people name it (a deliverable's title, a meeting's, a commission's digest): `/iec status` shows it. */
  about?: string;
  /** Ids the source needs to render it later; stored with the claim. */
  ref: Record<string, string | number>;
}

export type Rendered = { message: OutgoingMessage; recipient?: Recipient } | { skip: string };

export interface SchedulerContext {
  /** The instant the tick runs as of (the scheduler's clock, or `--at`). */
  now: Date;
  /** The app's default time zone (commissions may have their own). */
  timeZone: string;
  /** For what a source wants operators to know (e.g. a digest sent without its chart). */
  logger?: Pick<Logger, 'warn'>;
  /** The Web API client, for what a source must ask Slack before rendering (e.g. whether a channel is shared). */
  client?: WebClient;
  /** IEC_ADMINS: the administrators named by the environment (those managed in Slack are in the people index). */
  admins?: readonly string[];
  /** Reads the sources of this planning run share (`sharedRead`); absent outside one (render, a source's own tests). */
  reads?: PlanningReads;
}

export interface NotificationSource {
  kind: string;
  /**
   * Every notification of this kind whose `dueAt` lies in (from, to], decided from the database only.
   * The scheduler asks for a look-back window on every tick, so a restart or an outage loses nothing;
   * keys that already exist are ignored, so planning the same one again is harmless.
   */
  plan(window: { from: Date; to: Date }, ctx: SchedulerContext): Promise<PlannedNotification[]>;
  /**
   * Builds the message just before it is sent, from fresh data. Returns `{ skip: reason }` when it must not
   * go out any more (meeting cancelled or moved, deliverable done, ...).
   */
  render(notification: PlannedNotification, ctx: SchedulerContext): Promise<Rendered>;
}
