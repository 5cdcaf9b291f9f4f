/** The audit feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { eraseFromAudit, recordArchiveAudit, recordAudit, type AuditChange, type NewAuditEntry } from './service';
export type { ChangeBy } from './service';
