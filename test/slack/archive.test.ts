import { archiveOutcome, archiveRowButton } from '../../src/slack/archive';
import { deliverableArchivedMessage, deliverableListMessage } from '../../src/deliverables/views';
import { DeliverableActions } from '../../src/deliverables/ids';
import { CANARY, canaryProblems } from '../support/canary';
import { checkMessage } from '../support/fake-slack/limits';

const ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const LONG = `${CANARY} ${'x'.repeat(400)}`;
const subject = { noun: 'deliverable', title: LONG, gone: '`/iec deliverables` and Home' };
const asCall = (args: unknown) => ({ method: 'chat.postEphemeral', args: args as Record<string, unknown> });

describe('Archive and Restore on a row', () => {
  it('Archive asks first, naming the record, within the confirm dialog limits', () => {
    const button = archiveRowButton('a', ID, subject);
    expect(button.text.text).toBe('Archive');
    expect(button.value).toBe(ID);
    expect(button.confirm?.title?.text).toBe('Archive this deliverable?');
    expect(String((button.confirm?.text as { text?: string } | undefined)?.text).length).toBeLessThanOrEqual(300);
    expect(checkMessage({ text: 'x', blocks: [{ type: 'actions', elements: [button] }] } as never)).toEqual([]);
  });

  it('the answer says what it means and carries the opposite button; names are escaped', () => {
    const archived = archiveOutcome(true, subject, { archive: 'a', restore: 'r' }, ID, 'b');
    expect(checkMessage(archived as never)).toEqual([]);
    expect(canaryProblems(asCall(archived))).toEqual([]);
    expect(JSON.stringify(archived.blocks)).toContain('"action_id":"r"');
    const restored = archiveOutcome(false, subject, { archive: 'a', restore: 'r' }, ID, 'b');
    expect(checkMessage(restored as never)).toEqual([]);
    expect(JSON.stringify(restored.blocks)).toContain('"action_id":"a"');
    expect(JSON.stringify(restored.blocks)).toContain('"confirm"');
  });

  it('every deliverable row has Archive (open and done ones), within the list message limits', () => {
    const row = (status: string, i: number) => ({
      _id: `${'b'.repeat(23)}${i}`,
      commissionKey: 'healthcare',
      title: LONG,
      ownerId: 'U0OWNER01',
      dueDate: '2026-03-01',
      status,
      createdBy: 'U0LEAD001',
    });
    const items = Array.from({ length: 10 }, (_, i) => row(i % 2 ? 'done' : 'open', i)) as never;
    const message = deliverableListMessage({ filter: 'all', offset: 0, items, total: 10, today: '2026-03-02', zone: 'America/New_York' });
    expect(checkMessage(message as never)).toEqual([]);
    const archives = JSON.stringify(message.blocks).split(`"action_id":"${DeliverableActions.archive}"`).length - 1;
    expect(archives).toBe(10);
    const answer = deliverableArchivedMessage({ _id: ID, title: LONG }, true);
    expect(JSON.stringify(answer.blocks)).toContain(DeliverableActions.restore);
  });
});
