import { COMMITMENT_TYPE_INFO, PROGRAM_COMMITMENT_TYPES, type ProgramAsk } from '../commitments';
import { invalidInput } from '../errors';
import { escapeMrkdwn } from '../slack/text';
import { parseProgramRole, splitSchoolAndProgram } from './input';
import { findProgram, programLabel } from './service';

const ROLE_WORDS = '`panelist`, `curriculum`, `assessment`, `employability`';
const USAGE = `Ask for a program's role like this: \`/iec request @contact panelist <school> <program>\` (roles: ${ROLE_WORDS}; the school by district code or in quotes).`;

/**
 * The words after `/iec request @contact` naming a role and a program → the ask. A first word that is no role gets
 * the roles listed; an unknown school or program gets a specific answer. Nothing is written.
 */
export async function resolveProgramAsk(words: readonly string[]): Promise<ProgramAsk | undefined> {
  const [roleWord, ...rest] = words;
  if (!roleWord) return undefined;
  const role = parseProgramRole(roleWord);
  if (!role) {
    const known = PROGRAM_COMMITMENT_TYPES.map((t) => COMMITMENT_TYPE_INFO[t].label.toLowerCase()).join(', ');
    throw invalidInput(`\`${escapeMrkdwn(roleWord.slice(0, 30))}\` is not a role in a program's approval (${known}). ${USAGE}`);
  }
  const { school, program: name } = splitSchoolAndProgram(rest, USAGE);
  const program = await findProgram(school, name);
  return { programId: String(program._id), label: programLabel(program), commissionKey: program.commissionKey, role };
}
