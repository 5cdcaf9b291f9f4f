import type { View } from '@slack/types';
import { commissionZone, requireCommission } from '../../commissions';
import type { AppDeps } from '../../slack/deps';
import { slackDate } from '../../slack/dates';
import { escapeMrkdwn } from '../../slack/text';
import { formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { MemberBlocks, MemberCallbacks } from '../ids';
import { MEMBER_FIELD_BLOCKS, memberMetadataSchema, parseMemberSubmission, type MemberFormMetadata } from '../input';
import { addMember, memberLabel, updateMember, type MemberInput, type MemberRecord } from '../service';

/** The member form (add or change a commission member), on the form helper (src/slack/forms.ts). */

function savedView(title: string, text: string): View {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: title },
    close: { type: 'plain_text', text: 'Done' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

/** What was saved, naming the commission and the start date as people read them. */
async function savedText(m: MemberRecord, defaultZone: string): Promise<string> {
  const commission = await requireCommission(m.commissionKey);
  const since = slackDate(m.startDate, commissionZone(commission, defaultZone));
  return `:white_check_mark: ${memberLabel(m)} is a ${m.role} of *${escapeMrkdwn(commission.name)}* (${m.kind}) since ${since}. \`/iec commission members ${m.commissionKey}\` lists them all.`;
}

/** Adds the member once per submission (its key is stored under a unique index), or changes it at the revision seen. */
export async function saveMemberForm(input: MemberInput, req: FormRequest<MemberFormMetadata>): Promise<FormAnswer> {
  const { actor, meta, now, deps, key } = req;
  const admins = deps.config.admins;
  if (meta.memberId) {
    const m = await updateMember(actor, meta.memberId, input, meta.revision ?? 0, admins, now, key);
    const text = await savedText(m, deps.config.timeZone);
    return { kind: 'saved', view: savedView('Member changed', text), confirm: { text } };
  }
  const { member, created } = await addMember(actor, meta.commissionKey, input, admins, key);
  const text = await savedText(member, deps.config.timeZone);
  return { kind: 'saved', view: savedView('Member added', text), ...(created ? { confirm: { text } } : {}) };
}

export const memberFormSpec = (): FormSpec<MemberFormMetadata, MemberInput> => ({
  callbackId: MemberCallbacks.save,
  metadata: memberMetadataSchema,
  parse: (values) => parseMemberSubmission(values),
  save: saveMemberForm,
  fieldBlocks: MEMBER_FIELD_BLOCKS,
  errorBlock: MemberBlocks.kind,
});

/** `app.view(MemberCallbacks.save, …)`. */
export const submitMemberForm = (deps: AppDeps) => formListener(memberFormSpec(), deps);
