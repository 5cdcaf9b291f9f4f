import { personText } from '../../src/domain/names';

describe('personText: what an erasure scrubs from free text', () => {
  const person = {
    slackUserIds: ['U0MARCUSB'],
    emails: ['marcus.bell@coned.example'],
    namedAs: [{ name: 'Marcus Bell', organisation: 'Con Edison' }, { name: 'Marc', organisation: 'Con Edison' }],
    values: ['Workforce Wizard', '+1 212 555 0142'],
  };
  const text = personText(person);

  it('replaces mentions whole, ids, emails and names in any case, phones as stored; not titles, not inside words', () => {
    expect(text?.scrub('<@U0MARCUSB> and <@U0MARCUSB|marcus> met MARCUS BELL, marc and Marcus.Bell@ConEd.example (+1 212 555 0142)')).toBe(
      'erased contact and erased contact met erased contact, erased contact and erased contact (erased contact)',
    );
    expect(text?.scrub('Marcella, Marcusbell, U0MARCUSBX and the Workforce Wizard stay')).toBe(
      'Marcella, Marcusbell, U0MARCUSBX and the Workforce Wizard stay',
    );
  });

  it('finds, as a filter, every stored text it would scrub (a superset, any case)', () => {
    const regex = new RegExp(text?.filter.$regex ?? '', 'i');
    for (const t of ['MARCUS BELL', 'x marcus.bell@coned.example', '<@U0MARCUSB>', 'call +1 212 555 0142']) expect(regex.test(t)).toBe(true);
    expect(personText({ slackUserIds: [], emails: [], namedAs: [], values: ['Recruiter'] })).toBeUndefined();
  });
});
