import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import type { Actor } from '../../src/access/actor';
import { importRecoverySource } from '../../src/imports/recovery-source';
import { applyImport, getImport, previewImport } from '../../src/imports/service';
import { PartnerModel } from '../../src/partners/model';
import { NotificationModel } from '../../src/scheduler/model';
import { schedulerDeps } from '../../src/scheduler/runner';
import { tick } from '../../src/scheduler/scheduler';
import { seedCommissions } from '../../src/seed/service';
import { checkMessage } from '../support/fake-slack';
import { useHarness } from '../support/harness';

const AUTHOR = 'U0IMPORTER';
const author: Actor = { userId: AUTHOR, isAdmin: true, leads: [], partnerIds: [] };
const PARTNERS = 600;

/** The holder name of a process of this machine that has exited: its lease no longer protects anything. */
function deadHolder(): string {
  const gone = spawnSync(process.execPath, ['-e', '0']);
  return `${hostname()}:${gone.pid}`;
}

function partnersCsv(): Buffer {
  const rows = Array.from({ length: PARTNERS }, (_, i) => `Partner ${i},it,active,Person ${i},person${i}@p${i}.example`);
  return Buffer.from(['Organization,Commission,Status,Contact name,Email', ...rows].join('\r\n'));
}

describe('an import whose process died half-way, recovered by the app', () => {
  const h = useHarness({ seed: seedCommissions });
  const runTick = (owner: string) => tick(new Date(), schedulerDeps(h().config, h().logger, { sources: [importRecoverySource], owner }));
  const dmsToAuthor = () =>
    h()
      .fake.callsTo('chat.postMessage')
      .filter((c) => c.ok && c.args.channel === h().fake.dmChannelFor(AUTHOR));

  /** Previews the file as the author, then applies it in a process that "dies" after its first batch. */
  async function stoppedHalfWay(by: string, holder: string): Promise<string> {
    const preview = await previewImport({
      kind: 'partners',
      filename: 'partners.csv',
      content: partnersCsv(),
      actor: { ...author, userId: by },
      by,
      via: by.startsWith('shell:') ? 'shell' : 'slack',
      now: new Date(),
    });
    if (!preview.ok) throw new Error(preview.reason);
    const died = new Error('process died');
    await expect(
      applyImport(preview.summary.id, {
        now: new Date(),
        actor: { ...author, userId: by },
        holder,
        onProgress: () => {
          throw died;
        },
      }),
    ).rejects.toBe(died);
    return preview.summary.id;
  }

  it('finishes it once across two replicas and tells its author by DM', async () => {
    const id = await stoppedHalfWay(AUTHOR, deadHolder());
    const halfWay = await PartnerModel.countDocuments();
    expect(halfWay).toBeGreaterThan(0);
    expect(halfWay).toBeLessThan(PARTNERS);
    expect((await getImport(id)).status).toBe('applying');

    await Promise.all([runTick('replica-a'), runTick('replica-b')]);
    await runTick('replica-b');

    expect((await getImport(id)).status).toBe('applied');
    expect(await PartnerModel.countDocuments()).toBe(PARTNERS);
    const dms = dmsToAuthor();
    expect(dms).toHaveLength(1);
    expect(String(dms[0].args.text)).toContain(
      `Your import of partners.csv stopped half-way when the app restarted. It has been finished: ${PARTNERS} new`,
    );
    expect(checkMessage(dms[0].args)).toEqual([]);
    expect(await NotificationModel.countDocuments({ kind: 'import-recovery', status: 'sent' })).toBe(1);
  });

  it('leaves an import alone while the process applying it still runs', async () => {
    const id = await stoppedHalfWay(AUTHOR, `${hostname()}:${process.pid}`);
    const before = await PartnerModel.countDocuments();

    await runTick('replica-a');

    expect((await getImport(id)).status).toBe('applying');
    expect(await PartnerModel.countDocuments()).toBe(before);
    expect(dmsToAuthor()).toHaveLength(0);
    expect(await NotificationModel.countDocuments({ kind: 'import-recovery' })).toBe(0);
  });

  it('recovers an import started from the shell, with nobody to DM', async () => {
    const id = await stoppedHalfWay('shell:ops', deadHolder());

    await runTick('replica-a');

    expect((await getImport(id)).status).toBe('applied');
    expect(await PartnerModel.countDocuments()).toBe(PARTNERS);
    expect(h().fake.callsTo('chat.postMessage')).toHaveLength(0);
    const note = await NotificationModel.findOne({ kind: 'import-recovery' }).lean();
    expect(note).toMatchObject({ status: 'skipped', reason: 'recovered (finished); started from the shell' });
  });
});
