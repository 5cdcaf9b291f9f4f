/** The schools feature's functions and types for the rest of the app: other features use these, never its model or files. */
export {
  allSchools,
  countAllSchools,
  insertSchoolIfAbsent,
  insertSchools,
  loadSchoolDocuments,
  schoolIdsByCodes,
  removeSchools,
  setSchools,
  type SchoolState,
  type StoredSchoolState,
} from './bulk';
export { countSchools, schoolByCode, schoolCodeSchema, schoolsByIds, type SchoolName } from './service';
export { searchSchools, type SchoolMatch } from './search';
export { findOrCreateSchool, SCHOOL_NAME_MAX } from './service';
export { schoolNames } from './name-index';
export { requireSchoolNamed } from './search';
export { schoolArchive } from './archive';
export { eraseSchoolAuthors } from './erase';
export { lastSchoolChanges } from './write';
