import type { Feature } from '../slack/features';
import { IMPORT_SUBCOMMAND } from './ids';
import { openImportForm, registerImportListeners } from './listeners';

/** `/iec import`: partners, schools and commitments from a CSV or Excel file, previewed before anything is written. */
export const importsFeature: Feature = {
  name: 'imports',
  subcommands: [
    {
      name: IMPORT_SUBCOMMAND,
      help: [
        { usage: '/iec import [partners | schools | commitments]', summary: 'import a CSV or Excel file: a preview first, then Confirm' },
      ],
      run: openImportForm,
    },
  ],
  register: registerImportListeners,
};
