import { AdminModel } from '../../src/access/model';
import { commandReply } from '../support/command-reply';
import { checkMessage } from '../support/fake-slack/limits';
import { useHarness } from '../support/harness';

const ENV_ADMIN = 'U0ENVADMIN';

describe('/iec admin through Slack', () => {
  const h = useHarness({ admins: [ENV_ADMIN] });

  const run = (text: string, userId: string) => commandReply(h(), text, userId);

  it('an administrator adds one who can then add others; lists them; removes them', async () => {
    expect((await run('admin add <@U0NEW|new>', ENV_ADMIN)).text).toContain('<@U0NEW> is now an iec-bot administrator');
    expect((await run('admin add <@U0THIRD>', 'U0NEW')).text).toContain('is now an iec-bot administrator');
    const list = await run('admin list', 'U0NEW');
    expect(checkMessage(list)).toEqual([]);
    expect(JSON.stringify(list.blocks)).toContain('<@U0ENVADMIN>');
    expect((await run('admin remove <@U0THIRD>', ENV_ADMIN)).text).toContain('no longer an administrator');
    expect(await AdminModel.countDocuments()).toBe(1);
  });

  it('says that configured administrators cannot be removed in Slack', async () => {
    expect((await run(`admin remove <@${ENV_ADMIN}>`, ENV_ADMIN)).text).toContain('cannot be removed in Slack');
  });

  it('refuses anyone else and explains the usage', async () => {
    expect((await run('admin add <@U0ME>', 'U0STRANGER')).text).toContain('only iec-bot administrators');
    expect(await AdminModel.countDocuments()).toBe(0);
    expect((await run('admin add jane', ENV_ADMIN)).text).toContain('Mention the person');
    expect((await run('admin promote', ENV_ADMIN)).text).toContain('/iec admin add @user');
  });
});
