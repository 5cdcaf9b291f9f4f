/** The imports feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { importRecoverySource } from './recovery-source';
export { applyImport, countsLine, previewImport, type PreviewInput } from './service';
export { eraseFromImports } from './erase';
