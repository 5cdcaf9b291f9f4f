import type { ModalView } from '@slack/types';
import type { z } from 'zod';
import { partnerChangeRefusal, requireIec, requirePartnerChange, type Actor } from '../../access';
import { commissionNames, listCommissions } from '../../commissions';
import { StaleRevision } from '../../errors';
import type { AppDeps } from '../../slack/deps';
import { formAgain, formListener, type FormAnswer, type FormRequest, type FormSpec } from '../../slack/forms';
import { errorReply } from '../../slack/replies';
import { contactBlockId, PARTNER_BLOCK, PARTNER_CONTACT_CALLBACK, PARTNER_FORM_CALLBACK } from '../ids';
import {
  type ContactInput,
  MAX_CONTACTS,
  NEW_CONTACT_SLOTS,
  PARTNER_FIELD_BLOCKS,
  parseContactForm,
  parsePartnerForm,
  partnerFormMetaSchema,
  type PartnerFormMeta,
  type PartnerInput,
} from '../input';
import { addPartnerContact, createPartner, getPartner, updatePartner } from '../service';
import { partnerFormView, partnerSavedView } from '../views';

/**
 * The partner forms (add or edit a partner, add a contact), on the form helper (src/slack/forms.ts): parsed
 * synchronously, then checked and saved through the partners' write path (write.ts). The edit form carries the
 * revision it showed: if someone changed the partner since (added a contact, say), the edit is not saved and the
 * form is shown again as the partner is now, saying who changed it.
 */

/** The contact slots of an edit form of a partner with this many contacts. */
export function editSlots(contacts: number): number {
  return Math.min(MAX_CONTACTS, Math.max(NEW_CONTACT_SLOTS, contacts + 1));
}

/** Refused because the partner changed since the form was opened: the form again, as the partner is now. */
async function changedMeanwhile(err: StaleRevision, partnerId: string, req: FormRequest<PartnerFormMeta>): Promise<FormAnswer> {
  const partner = await getPartner(partnerId);
  const fresh = partnerFormView({
    commissions: await listCommissions(),
    partner,
    meta: { ...req.meta, partnerId, slots: editSlots(partner.contacts.length), revision: partner.revision },
  }) as ModalView;
  const notice = `:warning: *Not saved:* ${errorReply(err, req.deps.logger)} This form now shows the partner as it is now.`;
  return { kind: 'next', view: formAgain(fresh, notice) };
}

/** requirePartnerChange, its refusal naming the commissions (their names read only to refuse). */
export async function requirePartnerChangeNamed(
  actor: Actor,
  before: readonly string[] | undefined,
  after: readonly string[],
): Promise<void> {
  if (partnerChangeRefusal(actor, before, after)) requirePartnerChange(actor, before, after, await commissionNames());
}

export async function savePartnerForm(input: PartnerInput, req: FormRequest<PartnerFormMeta>): Promise<FormAnswer> {
  requireIec(req.actor);
  const { partnerId, revision } = req.meta;
  await requirePartnerChangeNamed(req.actor, partnerId ? (await getPartner(partnerId)).commissions : undefined, input.commissions);
  if (!partnerId) {
    const { partner } = await createPartner(input, req.userId, req.now, req.view.id);
    return { kind: 'saved', view: partnerSavedView(partner, 'added') };
  }
  try {
    const partner = await updatePartner(partnerId, input, req.now, {
      by: req.userId,
      ...(revision !== undefined ? { expectedRevision: revision } : {}),
    });
    return { kind: 'saved', view: partnerSavedView(partner, 'updated') };
  } catch (err) {
    if (err instanceof StaleRevision) return changedMeanwhile(err, partnerId, req);
    throw err;
  }
}

export function partnerFormSpec(): FormSpec<PartnerFormMeta, PartnerInput> {
  return {
    callbackId: PARTNER_FORM_CALLBACK,
    metadata: partnerFormMetaSchema,
    parse: (values, { meta }) => parsePartnerForm(values, meta.slots),
    save: savePartnerForm,
    fieldBlocks: PARTNER_FIELD_BLOCKS,
    errorBlock: PARTNER_BLOCK.name,
    saving: ':hourglass_flowing_sand: Saving the partner…',
  };
}

const contactMetaSchema = partnerFormMetaSchema.extend({ partnerId: partnerFormMetaSchema.shape.partnerId.unwrap() });
type ContactFormMeta = z.infer<typeof contactMetaSchema>;

export async function saveContactForm(contact: ContactInput, req: FormRequest<ContactFormMeta>): Promise<FormAnswer> {
  requireIec(req.actor);
  const before = (await getPartner(req.meta.partnerId)).commissions;
  await requirePartnerChangeNamed(req.actor, before, before);
  const partner = await addPartnerContact(req.meta.partnerId, contact, req.now, req.userId);
  return { kind: 'saved', view: partnerSavedView(partner, 'updated') };
}

export function contactFormSpec(): FormSpec<ContactFormMeta, ContactInput> {
  const nameBlock = contactBlockId(0, 'name');
  return {
    callbackId: PARTNER_CONTACT_CALLBACK,
    metadata: contactMetaSchema,
    parse: (values) => parseContactForm(values),
    save: saveContactForm,
    fieldBlocks: { contacts: nameBlock },
    errorBlock: nameBlock,
  };
}

/** `app.view(PARTNER_FORM_CALLBACK, …)` and `app.view(PARTNER_CONTACT_CALLBACK, …)`. */
export const submitPartnerForm = (deps: AppDeps) => formListener(partnerFormSpec(), deps);
export const submitContactForm = (deps: AppDeps) => formListener(contactFormSpec(), deps);
