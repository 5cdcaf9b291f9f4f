import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../src/access/actor';
import { ERASED_CONTACT } from '../../src/domain/names';
import { eraseFromImports } from '../../src/imports/erase';
import { ImportModel, ImportOpModel, ImportPageModel } from '../../src/imports/model';
import { previewImport } from '../../src/imports/service';
import { seedCommissions } from '../../src/seed/service';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const now = new Date('2026-11-02T15:00:00Z');
const admin: Actor = { userId: 'UADMIN', isAdmin: true, leads: [], partnerIds: [] };
const EMAIL = 'dana.wu@sinai.example';
const dana = { slackUserIds: [], emails: [EMAIL], values: [EMAIL, 'Dana Wu'], namedAs: [] };

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  await seedCommissions();
});

async function previewedId(): Promise<string> {
  const content = readFileSync(path.join(__dirname, 'fixtures', 'partners-messy.csv'));
  const result = await previewImport({ kind: 'partners', filename: 'partners-messy.csv', content, actor: admin, by: 'UADMIN', via: 'shell', now });
  if (!result.ok) throw new Error(result.reason);
  return result.summary.id;
}

describe('eraseFromImports', () => {
  it('leaves nothing of the person in the writes an import keeps, on its pages', async () => {
    const id = await previewedId();
    expect(JSON.stringify(await ImportPageModel.find({ importId: id }).lean())).toContain(EMAIL);
    expect(await eraseFromImports(dana)).toBe(1);
    const kept = JSON.stringify(await ImportPageModel.find({ importId: id }).lean());
    expect(kept).not.toContain(EMAIL);
    expect(kept).not.toContain('Dana Wu');
    expect(kept).toContain(ERASED_CONTACT);
    // the other rows' people stay
    expect(kept).toContain('marcus.bell@coned.example');
  });

  it('and in the one-write-per-document plans of imports previewed before pages', async () => {
    const id = await previewedId();
    const ops = (await ImportPageModel.find({ importId: id }).lean()).flatMap((p) => p.ops as Array<Record<string, unknown>>);
    await ImportOpModel.insertMany(ops.map((op, seq) => ({ ...op, importId: id, seq })));
    await ImportPageModel.deleteMany({});
    await ImportModel.updateOne({ _id: id }, { $unset: { pages: '' } });
    expect(await eraseFromImports(dana)).toBe(1);
    const kept = JSON.stringify(await ImportOpModel.find({ importId: id }).lean());
    expect(kept).not.toContain(EMAIL);
    expect(kept).toContain('marcus.bell@coned.example');
  });
});
