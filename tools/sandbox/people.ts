import { changeCommissionLead, countCommissions, setCommissionChannel } from '../../src/commissions';
import { linkContactToSlackUser } from '../../src/partners';
import { rebuildPeopleIndex } from '../../src/reconcile/people';
import { COMMISSIONS, SEED_USER, seedCommissions, seedDemo } from '../../src/seed/service';
import type { FakeSlack } from '../slack-standin';

/**
 * The sandbox's workspace: who you can act as, and its channels. Seeded into the database (roles) and into the
 * Slack stand-in (users, channels) at every start; running it again changes nothing.
 */

export type PersonaRole = 'admin' | 'lead' | 'partner' | 'none';

export interface Persona {
  id: string;
  name: string;
  /** The Slack handle: `@lee.park` in a slash command becomes a mention of this person. */
  handle: string;
  role: PersonaRole;
  /** What the person switcher says about them. */
  description: string;
  email: string;
  /** The IANA zone of their Slack profile; absent: the sandbox's zone (TZ, America/New_York by default). */
  timeZone?: string;
  /** For partner contacts: the demo partner they are a contact of. */
  partner?: string;
}

/** The commission the IEC lead persona leads, and the partner the contact persona belongs to. */
export const LEAD_COMMISSION = 'construction';
export const CONTACT_PARTNER = 'Con Edison';

export const PERSONAS: readonly Persona[] = [
  {
    id: 'U0SBADMIN01',
    name: 'Avery Admin',
    handle: 'avery.admin',
    role: 'admin',
    description: 'iec-bot administrator',
    email: 'avery.admin@district.example',
  },
  {
    id: 'U0SBLEAD001',
    name: 'Lee Park',
    handle: 'lee.park',
    role: 'lead',
    description: 'IEC, lead of Construction/Sustainability',
    email: 'lee.park@district.example',
  },
  {
    id: 'U0SBCONED01',
    name: 'Marcus Bell',
    handle: 'marcus.bell',
    role: 'partner',
    description: 'Con Edison, partner contact',
    email: 'bellm@coned.example',
    partner: CONTACT_PARTNER,
  },
  {
    id: 'U0SBSAPCHI1',
    name: 'Priya Raman',
    handle: 'priya.raman',
    role: 'partner',
    description: 'SAP, partner contact, in Chicago',
    email: 'priya.raman@sap.example',
    timeZone: 'America/Chicago',
    partner: 'SAP',
  },
  {
    id: 'U0SBGUEST01',
    name: 'Sam Rivera',
    handle: 'sam.rivera',
    role: 'none',
    description: 'no role in iec-bot',
    email: 'sam.rivera@district.example',
  },
];

/** The zone a persona's Slack profile has (what the page shows their times in). */
export function personaZone(p: Persona, sandboxZone: string): string {
  return p.timeZone ?? sandboxZone;
}

export function personaFor(role: PersonaRole): Persona {
  const persona = PERSONAS.find((p) => p.role === role);
  if (!persona) throw new Error(`no sandbox persona with role ${role}`);
  return persona;
}

export interface SandboxChannel {
  id: string;
  name: string;
  commissionKey?: string;
}

export const GENERAL_CHANNEL: SandboxChannel = { id: 'C0SBGENERAL', name: 'general' };

/** One channel per commission, e.g. `#iec-healthcare` (C0SBHEALTHCARE). */
export const SANDBOX_CHANNELS: readonly SandboxChannel[] = [
  GENERAL_CHANNEL,
  ...COMMISSIONS.map((c) => ({ id: `C0SB${c.key.toUpperCase().replace(/[^A-Z0-9]/g, '')}`, name: `iec-${c.key}`, commissionKey: c.key })),
];

export interface SeedReport {
  commissions: number;
  partners: number;
  schools: number;
}

/**
 * The eight commissions and the demo partners (src/seed), each commission posting to its sandbox channel, the
 * lead persona leading LEAD_COMMISSION and each contact persona registered on their partner (the first on
 * CONTACT_PARTNER).
 */
export async function seedSandbox(now: Date, timeZone: string): Promise<SeedReport> {
  await seedCommissions();
  const demo = await seedDemo(now, timeZone);
  for (const channel of SANDBOX_CHANNELS) {
    if (channel.commissionKey) await setCommissionChannel(channel.commissionKey, channel.id, { by: SEED_USER, at: now });
  }
  await changeCommissionLead(LEAD_COMMISSION, personaFor('lead').id, 'add', { by: SEED_USER, at: now });
  for (const p of PERSONAS) if (p.partner) await registerContact(p, p.partner, now);
  // the leads and contacts written above, into the people index the actor middleware reads
  await rebuildPeopleIndex();
  return { commissions: await countCommissions(), partners: demo.partners, schools: demo.schools };
}

/** Links a contact persona to their contact entry on their partner (added when the demo data has none). */
async function registerContact(persona: Persona, partnerName: string, now: Date): Promise<void> {
  if (!(await linkContactToSlackUser(partnerName, persona, persona.id, { by: SEED_USER, now })))
    throw new Error(`the demo data has no partner ${partnerName}`);
}

/**
 * What Slack does to a slash command's text when the command escapes mentions: `@lee.park` becomes
 * `<@U…|lee.park>` and `#iec-healthcare` becomes `<#C…|iec-healthcare>`.
 */
export function escapeMentions(text: string): string {
  return text
    .replace(/(^|\s)@([a-z0-9._-]+)/gi, (m, pre: string, handle: string) => {
      const p = PERSONAS.find((x) => x.handle === handle.toLowerCase());
      return p ? `${pre}<@${p.id}|${p.handle}>` : m;
    })
    .replace(/(^|\s)#([a-z0-9._-]+)/gi, (m, pre: string, name: string) => {
      const c = SANDBOX_CHANNELS.find((x) => x.name === name.toLowerCase());
      return c ? `${pre}<#${c.id}|${c.name}>` : m;
    });
}

/** The people and channels, in the Slack stand-in (users.info, conversations.info, pickers). */
export function seedWorkspace(fake: FakeSlack, timeZone: string): void {
  for (const p of PERSONAS) fake.addUser({ id: p.id, name: p.handle, real_name: p.name, email: p.email, tz: personaZone(p, timeZone) });
  for (const c of SANDBOX_CHANNELS) fake.addChannel({ id: c.id, name: c.name, members: PERSONAS.map((p) => p.id) });
}
