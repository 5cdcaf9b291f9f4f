import type { View } from '@slack/types';
import { z } from 'zod';
import { commissionZone, requireCommission } from '../../commissions';
import { wroteSoFar } from '../../db/write-tracking';
import { invalidInput } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { slackDate } from '../../slack/dates';
import { escapeMrkdwn } from '../../slack/text';
import type { Parsed, StateValues } from '../../slack/view-state';
import { DeliverableBlocks, DeliverableCallbacks } from '../ids';
import {
  ADD_FIELD_BLOCKS,
  parseAddSubmission,
  parseDueSubmission,
  parseMetadataId,
  parseMetadataPage,
  parseOwnerSubmission,
} from '../input';
import { renderListPage } from '../list';
import {
  changeDeliverableDueDate,
  changeDeliverableOwner,
  createDeliverable,
  deliverableOfSubmission,
  type NewDeliverable,
} from '../service';
import { deliverableAddedMessage, savedModal } from '../views';
import { localDate } from '../../domain/dates';

/** The deliverables' forms (add, change owner, change due date), on the form helper (src/slack/forms.ts). */

const anyMetadata = z.object({}).passthrough();

/** Saved: the modal says so (the Home tabs that show the deliverable follow through deliverable.changed). */
function saved(view: View): FormAnswer {
  return { kind: 'saved', view };
}

export async function saveNewDeliverable(input: NewDeliverable, req: FormRequest<unknown>): Promise<FormAnswer> {
  // delivered again: the modal shows it as saved, but the person was told where they acted the first time
  const earlier = await deliverableOfSubmission(req.key);
  const d = earlier ?? (await createDeliverable(req.actor, input, req.now, req.key));
  const commission = await requireCommission(d.commissionKey);
  const zone = commissionZone(commission, req.deps.config.timeZone);
  const today = localDate(req.now, zone);
  const dueDate = slackDate(d.dueDate, zone);
  const due =
    d.dueDate < today
      ? `was due ${dueDate}, so it is :warning: *overdue*; <@${d.ownerId}> will get the overdue reminders`
      : `is due ${dueDate}; <@${d.ownerId}> will get reminders`;
  const text = `:white_check_mark: *${escapeMrkdwn(d.title)}* (${escapeMrkdwn(commission.name)}) ${due}. See it with \`/iec deliverables ${d.commissionKey}\`.`;
  const message = deliverableAddedMessage(d, text);
  return { kind: 'saved', view: savedModal('Deliverable added', text), ...(earlier ? {} : { confirm: message }) };
}

export function addDeliverableSpec(): FormSpec<unknown, NewDeliverable> {
  return {
    callbackId: DeliverableCallbacks.add,
    metadata: anyMetadata,
    parse: (values) => parseAddSubmission(values),
    save: saveNewDeliverable,
    fieldBlocks: ADD_FIELD_BLOCKS,
    errorBlock: DeliverableBlocks.commission,
  };
}

/** The saved modal's text (its first section): the confirmation told where the form was opened. */
function confirmationOf(view: View): string | undefined {
  const first = view.blocks.find((b) => b.type === 'section') as { text?: { text?: string } } | undefined;
  return first?.text?.text;
}

/** A small change modal: its private_metadata names the deliverable (and where it was opened). */
function changeSpec<T>(
  callbackId: string,
  errorBlock: string,
  parse: (values: StateValues | undefined) => Parsed<T>,
  change: (req: FormRequest<unknown>, id: string, value: T) => Promise<View>,
): FormSpec<unknown, T> {
  return {
    callbackId,
    errorBlock,
    metadata: anyMetadata,
    parse: (values) => parse(values),
    save: async (value, req) => {
      const id = parseMetadataId(req.view.private_metadata);
      if (!id) throw invalidInput('This form is out of date: open it again from `/iec deliverables`.');
      const view = await change(req, id, value);
      // nothing written: the same form delivered again (or the value it already has), told once already
      if (!wroteSoFar()) return saved(view);
      // opened from a list row: that page is redrawn as it is now, besides the confirmation there
      const page = parseMetadataPage(req.view.private_metadata);
      const text = confirmationOf(view);
      return {
        ...saved(view),
        ...(text ? { confirm: { text } } : {}),
        ...(page ? { replace: await renderListPage(req.actor, page, req.deps, req.now, req.client) } : {}),
      };
    },
  };
}

export const changeOwnerSpec = () =>
  changeSpec(DeliverableCallbacks.changeOwner, DeliverableBlocks.owner, parseOwnerSubmission, async (req, id, ownerId) => {
    const d = await changeDeliverableOwner(req.actor, id, ownerId, req.now);
    return savedModal('Owner changed', `:white_check_mark: <@${d.ownerId}> now owns *${escapeMrkdwn(d.title)}*.`);
  });

export const changeDueSpec = () =>
  changeSpec(DeliverableCallbacks.changeDue, DeliverableBlocks.dueDate, parseDueSubmission, async (req, id, dueDate) => {
    const d = await changeDeliverableDueDate(req.actor, id, dueDate, req.now, req.deps.config.timeZone);
    const zone = commissionZone(await requireCommission(d.commissionKey), req.deps.config.timeZone);
    return savedModal('Due date changed', `:white_check_mark: *${escapeMrkdwn(d.title)}* is now due ${slackDate(d.dueDate, zone)}.`);
  });

export const submitNewDeliverable = (deps: AppDeps) => formListener(addDeliverableSpec(), deps);
export const submitOwnerChange = (deps: AppDeps) => formListener(changeOwnerSpec(), deps);
export const submitDueChange = (deps: AppDeps) => formListener(changeDueSpec(), deps);
