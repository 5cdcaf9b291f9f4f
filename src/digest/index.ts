/** The digest feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { buildDigest } from './service';
export { digestSource } from './source';
export { DIGEST_KIND } from './ids';
export type { DigestDeliverable, DigestMeeting, DigestPartner, DigestTotal, Listed } from './service';
export { listSection, moreLine } from './views';
