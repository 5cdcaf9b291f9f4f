import type { HistoryEntry } from '../../src/db/history';
import { HISTORY_PAGE_SIZE, historyBlocks, historyEntryText, historyModal, shownValue } from '../../src/slack/history';
import { checkView } from '../support/fake-slack/limits';

const ZONE = 'America/New_York';
const vocabulary = {
  labels: { quantity: 'quantity', internal: null },
  value: (f: string, v: unknown) => (f === 'status' ? `S:${v}` : undefined),
};

function entry(over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    at: new Date('2026-09-02T10:00:00Z'),
    by: 'U0LEAD001',
    action: 'edited',
    changes: [{ field: 'quantity', from: 12, to: 15 }],
    ...over,
  };
}

it('shows who, when, the kind of change and each field from → to, hiding internal fields', () => {
  const text = historyEntryText(
    entry({
      changes: [
        { field: 'quantity', from: 12, to: 15 },
        { field: 'internal', from: 1, to: 2 },
        { field: 'status', from: 'a', to: 'b' },
      ],
    }),
    ZONE,
    vocabulary,
  );
  expect(text).toContain('<@U0LEAD001> · edited');
  expect(text).toContain('• quantity: 12 → 15');
  expect(text).toContain('• status: S:a → S:b');
  expect(text).not.toContain('internal');
  // a creation lists the values it set, not "— →"
  expect(historyEntryText(entry({ action: 'created', changes: [{ field: 'quantity', from: null, to: 12 }] }), ZONE, vocabulary)).toContain(
    '• quantity: 12',
  );
  expect(shownValue(null, ZONE)).toBe('—');
  expect(shownValue('2026-10-01', ZONE)).toContain('|2026-10-01>');
  expect(shownValue('*bold* <!here>', ZONE)).not.toContain('<!here>');
});

it('stays within Slack limits with huge values, many fields and a full page, and pages with Older / Newer', () => {
  const big = entry({
    by: 'x'.repeat(500),
    action: 'a'.repeat(500),
    source: 's'.repeat(500),
    changes: Array.from({ length: 40 }, (_, i) => ({ field: `f${i}`.repeat(50), from: 'v'.repeat(5000), to: ['w'.repeat(3000)] })),
  });
  const page = { entries: Array.from({ length: HISTORY_PAGE_SIZE + 5 }, () => big), total: 95, offset: 40 };
  const paging = { blockId: 'b', older: 'older', newer: 'newer', value: (o: number) => `id:${o}` };
  const view = historyModal({ callbackId: 'history', subject: 'z'.repeat(5000), page, zone: ZONE, vocabulary, more: paging });
  expect(checkView(view)).toEqual([]);
  const blocks = historyBlocks(page, ZONE, vocabulary, paging);
  const actions = blocks.find((b) => b.type === 'actions') as { elements: Array<{ action_id: string; value: string }> };
  expect(actions.elements.map((e) => [e.action_id, e.value])).toEqual([
    ['newer', 'id:30'],
    ['older', 'id:50'],
  ]);
  expect(JSON.stringify(blocks)).toContain('41–50 of 95 changes, newest first');
  expect(JSON.stringify(historyBlocks({ entries: [], total: 0, offset: 0 }, ZONE, vocabulary, paging))).toContain(
    'No changes recorded yet',
  );
});
