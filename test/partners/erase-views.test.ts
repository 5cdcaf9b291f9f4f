import type { PersonPlace } from '../../src/domain/names';
import { eraseButtonValue, parseEraseArgs, parseEraseButton } from '../../src/partners/erase-input';
import { erasedMessage, erasePreview } from '../../src/partners/erase-views';
import { checkMessage } from '../support/fake-slack/limits';

const found = (i: number): PersonPlace => ({
  kind: 'contact',
  partner: `*Bold* & Sons ${i}`,
  name: '<!channel> Marcus',
  title: '_lead_',
  email: 'm@x.example',
});

describe('the erase confirmation and outcome', () => {
  it('lists whom it finds, literally, with a danger button behind a confirmation, within Slack’s limits', () => {
    const message = erasePreview([found(1)], eraseButtonValue({ email: 'm@x.example' }));
    expect(checkMessage(message)).toEqual([]);
    const json = JSON.stringify(message.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('"style":"danger"');
    expect(json).toContain('"confirm"');
    expect(message.text).toContain("Erase this person's personal data for good?");
  });

  it('lists every kind of place it found the person, commissions by name, and says so when only their traces are left', () => {
    const places: PersonPlace[] = [
      { kind: 'member', commissionKey: 'construction', name: '<@U0X> Lou', organisation: '*Queens* Tech' },
      { kind: 'program', program: 'Electrical', school: 'Thomas Edison CTE', name: 'Lou Park' },
      { kind: 'lead', commissionKey: 'healthcare' },
      { kind: 'attendee', meetings: 3 },
      { kind: 'guest', name: 'Lou Park', organisation: 'Queens Tech', meetings: 1 },
    ];
    const names = new Map([
      ['construction', 'Construction/Sustainability'],
      ['healthcare', 'Healthcare'],
    ]);
    const message = erasePreview(places, eraseButtonValue({ slackUserId: 'U0ABC' }), (k) => names.get(k) ?? k);
    expect(checkMessage(message)).toEqual([]);
    const section = (message.blocks[0] as { text: { text: string } }).text.text;
    expect(section).toContain('• member of *Construction/Sustainability* as &lt;@U0X&gt; Lou');
    expect(section).not.toContain('*Queens*');
    expect(section).toContain('• contact Lou Park of the program *Electrical* at Thomas Edison CTE');
    expect(section).toContain('• lead of *Healthcare* (they stop leading it)');
    expect(section).toContain('• attended 3 meetings');
    expect(section).toContain('• guest Lou Park (Queens Tech) at 1 meeting');
    expect(section).not.toContain('construction');
    const nowhere = erasePreview([], eraseButtonValue({ slackUserId: 'U0ABC' }));
    expect(JSON.stringify(nowhere.blocks)).toContain('only what they recorded or changed');
  });

  it('caps a long list and stays within the limits', () => {
    const message = erasePreview(
      Array.from({ length: 60 }, (_, i) => found(i)),
      eraseButtonValue({ slackUserId: 'U0ABC' }),
    );
    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('and 40 more');
  });

  it('names the other places only when they held the person', () => {
    const message = erasedMessage({
      contacts: 1,
      partners: ['Con Edison'],
      commitments: 2,
      auditEntries: 1,
      memberships: 2,
      programs: 1,
      meetings: 3,
      notifications: 4,
    });
    expect(checkMessage(message)).toEqual([]);
    expect(message.text).toContain(
      'also from 2 commitments, 2 commission memberships, 1 program of study, the attendance of 3 meetings, 4 scheduled messages and 1 audit entry.',
    );
  });

  it('says what was erased of someone who was no partner contact', () => {
    const message = erasedMessage({ contacts: 0, partners: [], commitments: 0, auditEntries: 2, leads: 1, memberships: 1, imports: 1 });
    expect(checkMessage(message)).toEqual([]);
    expect(message.text).toBe(
      ':wastebasket: Erased their personal data from 0 commitments, 1 commission membership, the leads of 1 commission, 1 import and 2 audit entries. The erasure is in the audit trail.',
    );
  });

  it('says what was erased without the erased data', () => {
    const message = erasedMessage({ contacts: 2, partners: ['Con Edison', 'Edison Labs'], commitments: 1, auditEntries: 3 });
    expect(checkMessage(message)).toEqual([]);
    expect(message.text).toBe(
      'Erased 2 contacts of Con Edison, Edison Labs: also from 1 commitment and 3 audit entries. The erasure is in the audit trail.'.replace(
        /^/,
        ':wastebasket: ',
      ),
    );
  });
});

describe('whom `/iec contact erase` means', () => {
  it('an email (also as Slack links it) or a @person', () => {
    expect(parseEraseArgs(['erase', 'Jane.Park@ConEd.example'])).toEqual({ email: 'jane.park@coned.example' });
    expect(parseEraseArgs(['erase', '<mailto:jane@coned.example|jane@coned.example>'])).toEqual({ email: 'jane@coned.example' });
    expect(parseEraseArgs(['erase', '<@U0JANE|jane>'])).toEqual({ slackUserId: 'U0JANE' });
    for (const args of [['erase'], ['erase', 'Jane'], ['delete', 'jane@coned.example'], ['erase', 'a@b.example', 'c@d.example']])
      expect(() => parseEraseArgs(args)).toThrow(/contact erase/);
  });

  it('the button value round-trips, and a tampered one is refused', () => {
    expect(parseEraseButton(eraseButtonValue({ email: 'a@b.example' }))).toEqual({ email: 'a@b.example' });
    expect(parseEraseButton(eraseButtonValue({ slackUserId: 'U0ABC' }))).toEqual({ slackUserId: 'U0ABC' });
    for (const bad of [undefined, '', '{"e":"not an email"}', '{"u":"x"}', '{"e":"a@b.example","u":"U0ABC"}'])
      expect(() => parseEraseButton(bad)).toThrow(/out of date/);
  });
});
