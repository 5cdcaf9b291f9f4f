import { undoBlocks, undoButton, undoHint } from '../../src/slack/undo';
import { checkBlocks } from '../support/fake-slack/limits';

describe('the Undo button every confirmation carries', () => {
  it('is a button with the feature’s action id and value, and says for how long it works', () => {
    expect(undoButton('thing_undo', 'abc:3')).toEqual({
      type: 'button',
      action_id: 'thing_undo',
      text: { type: 'plain_text', text: 'Undo' },
      value: 'abc:3',
    });
    expect(undoHint()).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'You can undo this for 15 minutes.' }] });
  });

  it('alone in its actions block (with the block id given), under the hint, within Slack’s limits', () => {
    const blocks = undoBlocks('thing_undo', 'x'.repeat(2000), 'thing_undo_block');
    expect(blocks).toEqual([undoHint(), { type: 'actions', block_id: 'thing_undo_block', elements: [undoButton('thing_undo', 'x'.repeat(2000))] }]);
    expect(checkBlocks(blocks, 'message')).toEqual([]);
    expect(checkBlocks(undoBlocks('thing_undo', 'v'), 'modal')).toEqual([]);
    expect(undoBlocks('thing_undo', 'v')[1]).not.toHaveProperty('block_id');
  });
});
