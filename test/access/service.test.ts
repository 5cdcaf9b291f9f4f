import { resolveActor } from '../../src/access/actor';
import { AdminModel } from '../../src/access/model';
import { addAdmin, listAdmins, removeAdmin } from '../../src/access/service';
import { adminListBlocks } from '../../src/access/views';
import { checkBlocks } from '../support/fake-slack/limits';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const AT = new Date('2026-11-02T15:00:00Z');

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(clearCollections);

describe('admin service', () => {
  it('adds an administrator once, who then acts as one', async () => {
    expect(await addAdmin('UNEW', { by: 'UENV', at: AT }, ['UENV'])).toBe('added');
    expect(await addAdmin('UNEW', { by: 'UENV', at: AT }, ['UENV'])).toBe('already_admin');
    expect(await AdminModel.countDocuments()).toBe(1);
    expect((await resolveActor('UNEW', ['UENV'])).isAdmin).toBe(true);
  });

  it('does not store configured administrators and refuses to remove them', async () => {
    expect(await addAdmin('UENV', { by: 'UENV', at: AT }, ['UENV'])).toBe('configured_admin');
    expect(await AdminModel.countDocuments()).toBe(0);
    await expect(removeAdmin('UENV', { by: 'UENV', at: AT }, ['UENV'])).rejects.toMatchObject({
      code: 'conflict',
      userMessage: expect.stringContaining('IEC_ADMINS'),
    });
  });

  it('removes an added administrator, but never the last one', async () => {
    await addAdmin('UA', { by: 'UENV', at: AT }, ['UENV']);
    expect(await removeAdmin('UA', { by: 'UENV', at: AT }, ['UENV'])).toBe('removed');
    expect((await resolveActor('UA', ['UENV'])).isAdmin).toBe(false);
    expect(await removeAdmin('UA', { by: 'UENV', at: AT }, ['UENV'])).toBe('not_admin');

    await addAdmin('UONLY', { by: 'UONLY', at: AT }, []);
    await expect(removeAdmin('UONLY', { by: 'UENV', at: AT }, [])).rejects.toMatchObject({
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
