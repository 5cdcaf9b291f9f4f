/** The exports feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { PROGRAM_EXPORT_COLUMNS } from './programs';
export { EXPORT_COLUMNS } from './service';
