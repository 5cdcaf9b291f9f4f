import { Types } from 'mongoose';
import { revisionedUpdate } from '../../src/db/history';

const id = new Types.ObjectId('64b000000000000000000001');
const at = new Date('2026-09-15T14:00:00Z');
const entry = { at, by: 'U0IEC', action: 'edited' };

describe('revisionedUpdate: the update every write path sends', () => {
  it('sets what changes, removes what is set to null, bumps the revision read and records one history entry', () => {
    const before = { _id: id, revision: 3, title: 'Rubric', ownerId: 'U1', dueDate: '2026-10-01', notes: 'x' };
    const change = revisionedUpdate(before, { title: 'Rubric v2', ownerId: 'U1', notes: null }, entry);
    expect(change).toEqual({
      filter: { _id: id, revision: 3 },
      update: {
        $set: { title: 'Rubric v2' },
        $unset: { notes: '' },
        $inc: { revision: 1 },
        $push: {
          history: {
            ...entry,
            changes: [
              { field: 'title', from: 'Rubric', to: 'Rubric v2' },
              { field: 'notes', from: 'x', to: null },
            ],
          },
        },
      },
      changes: [
        { field: 'title', from: 'Rubric', to: 'Rubric v2' },
        { field: 'notes', from: 'x', to: null },
      ],
    });
  });

  it('is undefined when nothing changes, and follows only the fields asked for, adding `also` untracked', () => {
    const unchanged = { _id: id, revision: 0, title: 'A' };
    expect(revisionedUpdate(unchanged, { title: 'A' }, entry)).toBeUndefined();
    const older = { _id: id, title: 'A', status: 'x' };
    const change = revisionedUpdate(older, { title: 'B', status: 'y' }, entry, {
      fields: ['title'],
      also: { reminded: [] },
    });
    // a record from before revisions is matched by having none
    expect(change?.filter).toEqual({ _id: id, revision: { $exists: false } });
    expect(change?.update.$set).toEqual({ reminded: [], title: 'B' });
    expect(change?.changes).toEqual([{ field: 'title', from: 'A', to: 'B' }]);
  });
});
