import type { Types } from 'mongoose';
import { notePartnerActivity } from '../../src/partners/activity';
import { PartnerModel } from '../../src/partners/model';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const EARLIER = new Date('2026-09-14T14:00:00Z');
const NOW = new Date('2026-09-15T14:00:00Z');
const LATER = new Date('2026-09-16T14:00:00Z');

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(clearCollections);

async function partner(name: string, lastActivityAt?: Date): Promise<Types.ObjectId> {
  const doc = await PartnerModel.create({
    name,
    commissions: ['healthcare'],
    status: 'active',
    kind: 'industry',
    notes: '',
    contacts: [],
    ...(lastActivityAt ? { lastActivityAt } : {}),
  });
  return doc._id;
}

const stored = async (id: Types.ObjectId) => PartnerModel.findById(id, { lastActivityAt: 1, updatedAt: 1 }).lean();

describe('notePartnerActivity', () => {
  it('moves a partner’s last activity forward, sets it when unknown, never moves it back', async () => {
    const [none, behind, ahead] = [await partner('None'), await partner('Behind', EARLIER), await partner('Ahead', LATER)];
    await notePartnerActivity([none, behind, ahead], NOW);
    expect((await stored(none))?.lastActivityAt).toEqual(NOW);
    expect((await stored(behind))?.lastActivityAt).toEqual(NOW);
    expect((await stored(ahead))?.lastActivityAt).toEqual(LATER);
  });

  it('leaves a partner already at that instant untouched (an import names the same partners in batch after batch)', async () => {
    const id = await partner('Repeated');
    await notePartnerActivity([id], NOW);
    const first = await stored(id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await notePartnerActivity([id, id], NOW);
    const again = await stored(id);
    expect(again?.lastActivityAt).toEqual(NOW);
    // not written again: mongoose would have stamped updatedAt on a write
    expect(again?.updatedAt).toEqual(first?.updatedAt);
  });
});
