import { decodeSlackText, escapeMrkdwn, escapeMrkdwnKeepingCode, escapeWithin, personMention, truncate } from '../../src/slack/text';

describe('escapeMrkdwn', () => {
  it('turns &, < and > into entities, so nothing pings or links', () => {
    expect(escapeMrkdwn('A & B <!channel> <https://x.io|y>')).toBe('A &amp; B &lt;!channel&gt; &lt;https://x.io|y&gt;');
  });

  it('breaks bold, italic, strike and code markers with zero-width joiners', () => {
    const escaped = escapeMrkdwn('*Bold* _i_ ~s~ `c`');
    expect(escaped).not.toMatch(/\*Bold\*|_i_|~s~|`c`/);
    // what a person reads is unchanged once the invisible joiners are left out
    expect(escaped.replace(/\u200D/g, '')).toBe('*Bold* _i_ ~s~ `c`');
  });

  it('leaves ordinary text alone', () => {
    expect(escapeMrkdwn('Con Edison (Queens) 2026-27')).toBe('Con Edison (Queens) 2026-27');
  });
});

describe('escapeWithin', () => {
  it('cuts so that the escaped text stays within the limit', () => {
    const out = escapeWithin('<&>*'.repeat(100), 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out).not.toContain('<');
  });
});

describe('decodeSlackText', () => {
  it('decodes what Slack encodes in slash-command text, and only that', () => {
    expect(decodeSlackText('Smith &amp; Sons &lt;b&gt; <@U123|jo>')).toBe('Smith & Sons <b> <@U123|jo>');
    expect(decodeSlackText('&amp;lt;')).toBe('&lt;');
  });
});

describe('escapeMrkdwnKeepingCode', () => {
  it('keeps our quoted values as code spans and escapes the rest as user text', () => {
    expect(escapeMrkdwnKeepingCode('row 12: `pat@` is not an email address')).toBe('row 12: `pat@` is not an email address');
    expect(escapeMrkdwnKeepingCode('`<@U1>` & *bold*')).toBe(`\`&lt;@U1&gt;\` &amp; ${escapeMrkdwn('*bold*')}`);
    expect(escapeMrkdwnKeepingCode('an odd ` backtick')).toBe(escapeMrkdwn('an odd ` backtick'));
  });
});

describe('truncate', () => {
  const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it('keeps text within the limit as it is, and cuts longer text to the limit ending in "…"', () => {
    expect(truncate('Con Edison', 75)).toBe('Con Edison');
    expect(truncate('x'.repeat(75), 75)).toBe('x'.repeat(75));
    const cut = truncate(`Open ${'N'.repeat(100)}`, 75);
    expect(cut).toHaveLength(75);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never cuts an emoji in half, wherever it falls', () => {
    for (let at = 60; at < 80; at++) {
      const name = `${'a'.repeat(at)}🏗️ Builders of the five boroughs`;
      const cut = truncate(name, 75);
      expect(cut.length).toBeLessThanOrEqual(75);
      expect(cut).not.toMatch(loneSurrogate);
      expect(cut.endsWith('…')).toBe(true);
    }
  });
});

describe('personMention', () => {
  it('mentions a Slack user, and shows anything stored instead of one literally', () => {
    expect(personMention('U0MARCUSB')).toBe('<@U0MARCUSB>');
    expect(personMention('erased contact')).toBe('erased contact');
    expect(personMention('<!channel> *x*')).toBe('&lt;!channel&gt; \u200D*\u200Dx\u200D*\u200D');
  });
});
