import { resolveActor } from '../../src/access/actor';
import { AdminModel } from '../../src/access/model';
import { addAdmin, listAdmins, removeAdmin } from '../../src/access/service';
import { adminListBlocks } from '../../src/access/views';
import { checkBlocks } from '../support/fake-slack/limits';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(clearCollections);

describe('admin service', () => {
  it('adds an administrator once, who then acts as one', async () => {
    expect(await addAdmin('UNEW', 'UENV', ['UENV'])).toBe('added');
    expect(await addAdmin('UNEW', 'UENV', ['UENV'])).toBe('already_admin');
    expect(await AdminModel.countDocuments()).toBe(1);
    expect((await resolveActor('UNEW', ['UENV'])).isAdmin).toBe(true);
  });

  it('does not store configured administrators and refuses to remove them', async () => {
    expect(await addAdmin('UENV', 'UENV', ['UENV'])).toBe('configured_admin');
    expect(await AdminModel.countDocuments()).toBe(0);
    await expect(removeAdmin('UENV', ['UENV'])).rejects.toMatchObject({
      code: 'conflict',
      userMessage: expect.stringContaining('IEC_ADMINS'),
    });
  });

  it('removes an added administrator, but never the last one', async () => {
    await addAdmin('UA', 'UENV', ['UENV']);
    expect(await removeAdmin('UA', ['UENV'])).toBe('removed');
    expect((await resolveActor('UA', ['UENV'])).isAdmin).toBe(false);
    expect(await removeAdmin('UA', ['UENV'])).toBe('not_admin');

    await addAdmin('UONLY', 'UONLY', []);
    await expect(removeAdmin('UONLY', [])).rejects.toMatchObject({
      code: 'conflict',
      userMessage: expect.stringContaining('last administrator'),
    });
  });

  it('lists configured and added administrators within Slack limits at any size', async () => {
    await AdminModel.insertMany(Array.from({ length: 60 }, (_, i) => ({ userId: `UADMIN${i}`, addedBy: 'UENV' })));
    const list = await listAdmins(['UENV']);
    expect(list.fromConfig).toEqual(['UENV']);
    expect(list.added).toHaveLength(60);
    const blocks = adminListBlocks(list, 'America/New_York');
    expect(checkBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks)).toMatch(/and \d+ more/);
  });
});
