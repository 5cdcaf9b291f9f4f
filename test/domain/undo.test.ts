import { changedSinceRefusal, partlyUndone, undoTooLate, undoWindowOpen, UNDO_WINDOW_MS } from '../../src/domain/undo';

describe('the undo rule', () => {
  const at = new Date('2026-11-02T14:00:00Z');
  it('is open for 15 minutes after the change', () => {
    expect(UNDO_WINDOW_MS).toBe(15 * 60_000);
    expect(undoWindowOpen(at, new Date(at.getTime() + UNDO_WINDOW_MS))).toBe(true);
    expect(undoWindowOpen(at, new Date(at.getTime() + UNDO_WINDOW_MS + 1))).toBe(false);
    expect(undoTooLate('an import', 'Roll it back instead.')).toBe(
      'Undo is possible for 15 minutes after an import, and this one is older. Roll it back instead.',
    );
  });

  it('a refusal names who changed what (the first three, and how many more)', () => {
    const changed = [
      { what: 'row 2: Con Edison', by: 'U0ANA', action: 'edited' },
      { what: 'row 3: Mount Sinai', by: 'U0BO' },
      { what: 'row 4: Grid', gone: true },
      { what: 'row 5: Pfizer', by: 'U0ANA', action: 'edited' },
    ];
    expect(changedSinceRefusal('your import', changed, 'Change them by hand.')).toBe(
      'Since your import, someone changed row 2: Con Edison (by <@U0ANA>, edited); row 3: Mount Sinai (by <@U0BO>); row 4: Grid (removed); and 1 more. So I did not undo it: that would overwrite their changes. Change them by hand.',
    );
  });

  it('a partial undo says so and names what was left as it is', () => {
    expect(partlyUndone('The import is rolled back.', ['row 2: Con Edison'])).toBe(
      ':warning: *Partly undone.* The import is rolled back. Not undone, because someone else changed them meanwhile: row 2: Con Edison. Look at their History and put them right by hand.',
    );
    const many = partlyUndone('x.', ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(many).toContain('meanwhile: a; b; c; d; e; and 2 more.');
  });
});
