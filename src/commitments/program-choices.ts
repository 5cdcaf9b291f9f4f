import { isIec, type Actor } from '../access';
import { commissionNames } from '../commissions';
import { invalidInput } from '../errors';
import { commissionsOfPartners } from '../partners';
import { COMMITMENT_TYPE_INFO, PROGRAM_COMMITMENT_TYPES, type CommitmentType } from '../domain/commitments';

/**
 * The programs of study a commitment can support (program-support types are recorded against one). The programs
 * feature owns programs and builds on commitments, so commitments cannot import it: it sets the look-ups here.
 */

export interface ProgramChoice {
  id: string;
  /** e.g. `Automotive Technology at Clara Barton High School`. */
  label: string;
  commissionKey: string;
}

export interface ProgramChoices {
  /** Programs whose name or school matches `query`, of these commissions when given (none: no programs). */
  search(query: string, commissionKeys: readonly string[] | undefined, limit: number): Promise<ProgramChoice[]>;
  byIds(ids: readonly string[]): Promise<ProgramChoice[]>;
}

let choices: ProgramChoices | undefined;
export function programChoicesFrom(source: ProgramChoices): void {
  choices = source;
}

export const searchProgramChoices = (query: string, commissionKeys: readonly string[] | undefined, limit = 50): Promise<ProgramChoice[]> =>
  choices ? choices.search(query, commissionKeys, limit) : Promise.resolve([]);

export async function programChoice(id: string | null | undefined): Promise<ProgramChoice | undefined> {
  if (!id || !choices) return undefined;
  return (await choices.byIds([String(id)]))[0];
}

const supportList = PROGRAM_COMMITMENT_TYPES.map((t) => COMMITMENT_TYPE_INFO[t].label.toLowerCase()).join(', ');

/** Who records the commitment, for the program's scope: the program they may name without it (an IEC's ask, the one kept). */
export interface ProgramScope {
  actor: Actor;
  /** A program named by the app, not by the person: the one an `/iec request` asked for, the one the commitment has. */
  allowed?: string;
}

/**
 * The program a commitment of `type` in `commissionKey` is recorded against, checked: program-support types need one
 * (of the same commission), others none; a partner contact names only a program of their organisations' commissions
 * (as the picker offers them), except the one `scope.allowed`. Checked on the server, so a submission made by hand gets
 * the same answer as the picker. Errors name the form's `program` field.
 */
export async function checkProgramOf(
  type: CommitmentType,
  programId: string | undefined,
  commissionKey: string,
  scope?: ProgramScope,
): Promise<void> {
  const supports = COMMITMENT_TYPE_INFO[type].program === true;
  if (!programId) {
    if (!supports) return;
    const message = `A ${COMMITMENT_TYPE_INFO[type].label.toLowerCase()} supports one program of study: pick it.`;
    throw invalidInput(message, { program: message });
  }
  if (!supports) {
    const message = `Only program support (${supportList}) is recorded against a program of study: leave it empty for a ${COMMITMENT_TYPE_INFO[type].label.toLowerCase()}.`;
    throw invalidInput(message, { program: message });
  }
  const program = await programChoice(programId);
  if (!program) {
    const message = 'That program of study no longer exists: pick another.';
    throw invalidInput(message, { program: message });
  }
  if (program.commissionKey !== commissionKey) {
    const names = await commissionNames();
    const message = `${program.label} is a program of ${names.get(program.commissionKey) ?? program.commissionKey}, not of ${names.get(commissionKey) ?? commissionKey}: pick that commission, or another program.`;
    throw invalidInput(message, { program: message });
  }
  if (!scope || isIec(scope.actor) || String(programId) === scope.allowed) return;
  if (!(await commissionsOfPartners(scope.actor.partnerIds)).includes(program.commissionKey)) {
    const name = (await commissionNames()).get(program.commissionKey) ?? 'another commission';
    const message = `${program.label} is a program of ${name}, and your organisation is not in that commission: pick a program of your organisation's commissions.`;
    throw invalidInput(message, { program: message });
  }
}
