import { mergeButtonValue, parseMergeArgs, parseMergeButton } from '../../src/merge/input';
import type { MergePlan } from '../../src/merge/service';
import { mergedMessage, mergePreview } from '../../src/merge/views';
import { tokenize } from '../../src/slack/text';
import { CANARY, canaryProblems } from '../support/canary';
import { checkMessage } from '../support/fake-slack/limits';

const ID_A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ID_B = 'bbbbbbbbbbbbbbbbbbbbbbbb';

function plan(over: Partial<MergePlan> = {}): MergePlan {
  return {
    duplicate: { id: ID_A, name: `${CANARY} dup`, commissions: [], contacts: [{ name: 'x' }, { name: 'y' }], revision: 0 },
    keeper: { id: ID_B, name: CANARY, commissions: [], contacts: [], revision: 0 },
    contactsAdded: 1,
    contactsMatched: 1,
    commissionsAdded: ['Healthcare'],
    commitments: { commitments: 4, commissionKeys: ['construction'], withProgram: 1, open: 2, requests: 0, openRequests: 0 },
    members: [],
    commissionNames: ['Construction/Sustainability'],
    commissionKeys: ['construction'],
    ...over,
  };
}

const asCall = (args: unknown) => ({ method: 'chat.postEphemeral', args: args as Record<string, unknown> });

describe('the merge preview and its answer', () => {
  it('lists what moves, escapes the names, and stays within Slack’s limits', () => {
    const message = mergePreview(plan(), mergeButtonValue({ duplicateId: ID_A, keeperId: ID_B }));
    expect(checkMessage(message)).toEqual([]);
    expect(canaryProblems(asCall(message))).toEqual([]);
    const body = JSON.stringify(message.blocks);
    expect(body).toContain('1 contact (1 other is already there');
    expect(body).toContain(
      '4 commitments; 1 is linked to a program of study and keeps the link; the fulfilment follow-ups of the 2 open ones follow them',
    );
    expect(body).toContain('its commissions: Healthcare');
    expect(body).not.toContain('commitment request');
    expect(body).toContain('"confirm"');
  });

  it('says so when the duplicate has nothing to move, and copes with very long names', () => {
    const long = 'L'.repeat(2000);
    const message = mergePreview(
      plan({
        duplicate: { id: ID_A, name: long, commissions: [], contacts: [], revision: 0 },
        keeper: { id: ID_B, name: long, commissions: [], contacts: [], revision: 0 },
        contactsAdded: 0,
        contactsMatched: 0,
        commissionsAdded: [],
        commitments: { commitments: 0, commissionKeys: [], withProgram: 0, open: 0, requests: 2, openRequests: 0 },
      }),
      mergeButtonValue({ duplicateId: ID_A, keeperId: ID_B }),
    );
    expect(checkMessage(message)).toEqual([]);
    const body = JSON.stringify(message.blocks);
    expect(body).toContain('no contacts');
    expect(body).toContain('no commitments');
    expect(body).toContain('2 commitment requests');
  });

  it('tells what moved, or that it was merged already', () => {
    const outcome = {
      duplicate: { id: ID_A, name: CANARY },
      keeper: { id: ID_B, name: 'Keeper' },
      already: false,
      contactsAdded: 2,
      commitments: 1,
      requests: 0,
      members: 3,
    };
    const done = mergedMessage(outcome);
    expect(checkMessage(done)).toEqual([]);
    expect(canaryProblems(asCall(done))).toEqual([]);
    expect(done.text).toContain('2 contacts, 1 commitment, 3 commission members moved');
    expect(mergedMessage({ ...outcome, already: true }).text).toContain('already: nothing was moved again');
  });
});

describe('the merge command’s words and button', () => {
  const args = (text: string) => tokenize(text);
  it('splits at “into”, quotes keeping a name that contains it', () => {
    expect(parseMergeArgs(args('merge Con Ed into Con Edison'))).toEqual({ duplicate: 'Con Ed', keeper: 'Con Edison' });
    expect(parseMergeArgs(args('merge "Into the Woods" INTO "Woods Inc"'))).toEqual({ duplicate: 'Into the Woods', keeper: 'Woods Inc' });
    expect(() => parseMergeArgs(args('merge Con Ed'))).toThrow('Say which partner to keep');
    expect(() => parseMergeArgs(args('merge Con Ed into'))).toThrow('Name the partner to keep');
  });

  it('round-trips the button value and refuses a tampered one', () => {
    expect(parseMergeButton(mergeButtonValue({ duplicateId: ID_A, keeperId: ID_B }))).toEqual({ duplicateId: ID_A, keeperId: ID_B });
    expect(() => parseMergeButton('{"d":"x","k":"y"}')).toThrow('out of date');
    expect(() => parseMergeButton(undefined)).toThrow('out of date');
  });
});
