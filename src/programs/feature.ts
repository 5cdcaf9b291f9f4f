import type { BlockAction, ButtonAction } from '@slack/bolt';
import { programChoicesFrom, resolveProgramAsksWith } from '../commitments';
import type { Feature } from '../slack/features';
import { runProgram, runPrograms } from './commands';
import { editProgramHandler } from './edit-program';
import { PROGRAM_SUBCOMMAND, ProgramActions, ProgramCallbacks, PROGRAMS_SUBCOMMAND } from './ids';
import { resolveProgramAsk } from './program-ask';
import { submitProgramForm } from './handlers/program-form';
import { programChoicesByIds, searchProgramsFor } from './service';

/** Programs of study and their approval readiness (issue #19). */

export const programsFeature: Feature = {
  name: 'programs',
  subcommands: [
    {
      name: PROGRAM_SUBCOMMAND,
      help: [
        {
          usage: '/iec program add',
          summary: 'add a program of study (school, commission, approval stage and dates) by form or in one line',
        },
        {
          usage: '/iec program show <school> <program>',
          summary: 'a program: its stage and readiness — meetings attended, reviews, work-based learning, review panel',
        },
      ],
      run: runProgram,
    },
    {
      name: PROGRAMS_SUBCOMMAND,
      help: [
        {
          usage: '/iec programs [commission] [at-risk]',
          summary: 'programs of study with their gaps, at risk first (review within 60 days and a gap)',
        },
        {
          usage: '/iec programs rules <commission> [meetings=<n>] [wbl=<n>]',
          summary: 'a commission’s readiness rules (leads and admins)',
        },
      ],
      run: runPrograms,
    },
  ],
  register(app, deps) {
    resolveProgramAsksWith(resolveProgramAsk);
    programChoicesFrom({ search: searchProgramsFor, byIds: programChoicesByIds });
    app.view(ProgramCallbacks.save, submitProgramForm(deps));
    app.action<BlockAction<ButtonAction>>(ProgramActions.edit, editProgramHandler(deps));
  },
};
