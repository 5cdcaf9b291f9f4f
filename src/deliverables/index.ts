/** The deliverables feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { deliverableReminderSource } from './reminders';
export { OPEN_DELIVERABLE_STATUSES, type DeliverableStatus } from './model';
export { openDeliverablesDue, type DueDeliverable } from './queries';
export { loadDeliverableDocuments } from './bulk';
export { DELIVERABLE_REMINDER_KIND } from './ids';
export { createDeliverable, getDeliverable, markDeliverableDone, openDeliverablesOf } from './service';
export { deliverableAddModal, savedModal } from './views';
export { eraseDeliverableOwner, eraseFromDeliverableTexts } from './erase';
export { deliverablesOwnedBy, handOverDeliverables, openDeliverableOwnerIds } from './handover';
export { archiveDeliverable, type ArchivableDeliverable, deliverablesTitled, restoreDeliverable } from './archive';
