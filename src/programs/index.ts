/** The programs feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { assessPrograms, type AssessedProgram } from './evidence';
export { programsInScope, readableProgram } from './commands';
export {
  insertPrograms,
  programState,
  programsForImport,
  removePrograms,
  schoolsWithPrograms,
  setPrograms,
  type ProgramState,
  type StoredProgramState,
} from './bulk';
export { parseStageWord } from './input';
export { checkStageDates } from './service';
export { lastProgramChanges, listPrograms, programLabel, type ProgramRecord } from './service';
export { digestProgramsBlocks, homeProgramsBlocks, programReportMessage } from './views';
export { reviewReminderSource } from './review-reminders';
export { programLapseSource } from './lapse';
export { eraseFromPrograms, findInPrograms } from './erase';
