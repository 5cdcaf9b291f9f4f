/** The home feature's functions and types for the rest of the app: other features use these, never its model or files. */
export { forgetHomeViewer, refreshHome, refreshHomesFor } from './refresh';
