import { CommissionModel } from '../../src/commissions/model';
import { StaleRevision } from '../../src/errors';
import { events, type EventMap } from '../../src/events';
import { insertPartners, removePartners, setPartners } from '../../src/partners/bulk';
import { partnerArchive } from '../../src/partners/archive';
import { PARTNER_KINDS, PARTNER_STATUSES, PartnerModel } from '../../src/partners/model';
import { partnerNames } from '../../src/partners/name-index';
import { addPartnerContact, createPartner, updatePartner } from '../../src/partners/service';
import { newPartnerSchema, partnerHistory, writePartners } from '../../src/partners/write';
import { PersonModel } from '../../src/access/model';
import { clearCollections, connectTestDatabase, disconnectTestDatabase } from '../support/db';

const NOW = new Date('2026-09-15T14:00:00Z');
const LATER = new Date('2026-09-16T14:00:00Z');
const IEC = 'U0IEC';
const OTHER = 'U0OTHER';

const input = (name: string, contacts: Array<{ name: string; email?: string; slackUserId?: string }> = []) => ({
  name,
  commissions: ['healthcare'],
  status: 'prospect' as const,
  kind: 'industry' as const,
  notes: '',
  contacts,
});

function recordEvents() {
  const seen: Array<EventMap['partner.changed']> = [];
  const off = events.on('partner.changed', (e) => {
    seen.push(e);
  });
  return { seen, off };
}

beforeAll(connectTestDatabase);
afterAll(disconnectTestDatabase);
beforeEach(async () => {
  await clearCollections();
  await CommissionModel.create({ key: 'healthcare', name: 'Healthcare' });
});

describe('the partners write path', () => {
  it('records every change with its history and revision, and emits partner.changed', async () => {
    const { seen, off } = recordEvents();
    const { partner } = await createPartner(input('SAP', [{ name: 'Pat', email: 'Pat@SAP.example' }]), IEC, NOW);
    expect(partner.revision).toBe(0);
    await addPartnerContact(partner.id, { name: 'Sam', slackUserId: 'USAM' }, LATER, OTHER);
    const edited = await updatePartner(partner.id, { ...input('SAP AG'), contacts: [{ name: 'Sam', slackUserId: 'USAM' }] }, LATER, {
      by: IEC,
      expectedRevision: 1,
    });
    expect(edited.revision).toBe(2);
    await partnerArchive.archive(partner.id, IEC, LATER);
    await partnerArchive.restore(partner.id, OTHER, LATER);
    await events.idle();
    off();

    const history = await partnerHistory(partner.id, { offset: 0, limit: 10 });
    expect(history.revision).toBe(4);
    expect(history.entries.map((e) => [e.by, e.action])).toEqual([
      [OTHER, 'restored'],
      [IEC, 'archived'],
      [IEC, 'edited'],
      [OTHER, 'contact added'],
      [IEC, 'created'],
    ]);
    const edit = history.entries[2];
    expect(edit.changes.map((c) => c.field).sort()).toEqual(['contacts', 'name']);
    expect(edit.changes.find((c) => c.field === 'contacts')).toEqual({
      field: 'contacts',
      from: [
        { name: 'Pat', email: 'pat@sap.example' },
        { name: 'Sam', slackUserId: 'USAM' },
      ],
      to: [{ name: 'Sam', slackUserId: 'USAM' }],
    });
    const stored = await PartnerModel.findById(partner.id).lean();
    expect(stored).toMatchObject({ name: 'SAP AG', nameKey: 'sapag' });
    expect(stored?.archivedAt).toBeUndefined();
    // an edit to the same values again records nothing
    await updatePartner(partner.id, { ...input('SAP AG'), contacts: [{ name: 'Sam', slackUserId: 'USAM' }] }, LATER, { by: IEC });
    expect((await partnerHistory(partner.id, { offset: 0, limit: 10 })).total).toBe(5);

    expect(seen.map((e) => [e.action, e.by, e.changes.length])).toEqual([
      ['created', IEC, 1],
      ['contact added', OTHER, 1],
      ['edited', IEC, 1],
      ['archived', IEC, 1],
      ['restored', OTHER, 1],
    ]);
    expect(seen[1].changes[0]).toMatchObject({ before: { revision: 0 }, after: { revision: 1, contactUserIds: ['USAM'] } });
  });

  it('refuses an edit on an older revision, naming who changed it, and saves nothing', async () => {
    const { partner } = await createPartner(input('SAP', [{ name: 'Pat' }]), IEC, NOW);
    await addPartnerContact(partner.id, { name: 'Sam' }, LATER, OTHER);
    const refused = updatePartner(partner.id, { ...input('SAP'), status: 'active', contacts: [{ name: 'Pat' }] }, LATER, {
      by: IEC,
      expectedRevision: 0,
    });
    await expect(refused).rejects.toBeInstanceOf(StaleRevision);
    await expect(refused).rejects.toMatchObject({ changedBy: OTHER, changedAt: LATER });
    const stored = await PartnerModel.findById(partner.id).lean();
    expect(stored?.contacts.map((c) => c.name)).toEqual(['Pat', 'Sam']);
    expect(stored).toMatchObject({ status: 'prospect', revision: 1 });
  });

  it('an edit from the form keeps the phone numbers an import brought, which the form does not show', async () => {
    await insertPartners(
      [
        {
          id: '64b000000000000000000001',
          ...input('Con Edison'),
          status: 'active',
          contacts: [
            { name: 'Marcus Bell', email: 'marcus@coned.example', phone: '+1 212 555 0100' },
            { name: 'Ana Ruiz', phone: '212-555-0199' },
          ],
        },
      ],
      { by: IEC, now: NOW, action: 'imported', source: 'partners.csv' },
    );
    // the form sends what it shows: Marcus by email (renamed), Ana by name, a new contact without a phone
    await updatePartner(
      '64b000000000000000000001',
      {
        ...input('Con Edison'),
        status: 'active',
        contacts: [{ name: 'Marcus A. Bell', email: 'MARCUS@coned.example' }, { name: 'Ana Ruiz' }, { name: 'Lee' }],
      },
      LATER,
      { by: IEC },
    );
    const stored = await PartnerModel.findById('64b000000000000000000001').lean();
    expect(stored?.contacts.map(({ name, phone }) => ({ name, phone }))).toEqual([
      { name: 'Marcus A. Bell', phone: '+1 212 555 0100' },
      { name: 'Ana Ruiz', phone: '212-555-0199' },
      { name: 'Lee', phone: undefined },
    ]);
  });

  it('two deliveries of one contact at once add it once', async () => {
    const { partner } = await createPartner(input('SAP'), IEC, NOW);
    const both = await Promise.allSettled([
      addPartnerContact(partner.id, { name: 'Ana', email: 'ana@sap.example' }, LATER, IEC),
      addPartnerContact(partner.id, { name: 'Ana', email: 'ana@sap.example' }, LATER, IEC),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await PartnerModel.findById(partner.id).lean())?.contacts).toHaveLength(1);
  });

  it('an import batch writes a history entry per record and one event per batch; its people index follows', async () => {
    const { seen, off } = recordEvents();
    const ids = ['64b000000000000000000001', '64b000000000000000000002', '64b000000000000000000003'];
    const meta = { by: IEC, now: NOW, action: 'imported', source: 'partners.xlsx' };
    await insertPartners(
      ids.map((id, i) => ({ id, ...input(`Partner ${i}`, i === 0 ? [{ name: 'Kim', slackUserId: 'UKIM' }] : []) })),
      meta,
    );
    // the same batch again (a resumed import): nothing new
    await insertPartners(
      ids.map((id, i) => ({ id, ...input(`Partner ${i}`) })),
      meta,
    );
    const stale = await setPartners(
      ids.map((id, i) => ({ id, ...input(`Partner ${i}`), status: 'active' as const })),
      { ...meta, now: LATER },
    );
    expect(stale).toEqual([]);
    await removePartners([ids[2]], { by: IEC, now: LATER, action: 'import rolled back', source: 'partners.xlsx' });
    await events.idle();
    off();

    const rows = await PartnerModel.find({}).sort({ nameKey: 1 }).lean();
    expect(rows.map((p) => [p.name, p.revision, p.history?.map((e) => `${e.action} ${e.source}`)])).toEqual([
      ['Partner 0', 1, ['imported partners.xlsx', 'imported partners.xlsx']],
      ['Partner 1', 1, ['imported partners.xlsx', 'imported partners.xlsx']],
    ]);
    expect(seen.map((e) => [e.action, e.source, e.changes.length])).toEqual([
      ['imported', 'partners.xlsx', 3],
      ['imported', 'partners.xlsx', 3],
      ['import rolled back', 'partners.xlsx', 1],
    ]);
    // Kim's contact was dropped by the update: the people index no longer links her
    expect((await PersonModel.findById('UKIM').lean())?.partnerIds ?? []).toEqual([]);
  });
});

describe('creates written as plain documents', () => {
  it('checks them by the same rules as the partner schema (every stored field, the same enums)', () => {
    const schema = PartnerModel.schema;
    const stored = Object.keys(schema.paths).filter((p) => p !== '__v' && !p.includes('.'));
    expect(Object.keys(newPartnerSchema.shape).sort()).toEqual(stored.sort());
    expect(newPartnerSchema.shape.status.options).toEqual([...PARTNER_STATUSES]);
    expect(newPartnerSchema.shape.kind.options).toEqual([...PARTNER_KINDS]);
    const contact = (schema.path('contacts') as unknown as { schema: typeof schema }).schema;
    const contactPaths = Object.keys(contact.paths).filter((p) => p !== '_id');
    expect(Object.keys(newPartnerSchema.shape.contacts.element.shape).sort()).toEqual(contactPaths.sort());
  });

  it('stores what mongoose would (defaults, name keys, trimmed contacts, history, revision 0), and the name index has it', async () => {
    const put = jest.spyOn(partnerNames, 'put');
    const outcome = await writePartners(
      [
        {
          op: 'create',
          doc: {
            name: '  Mount Sinai Health ',
            commissions: ['healthcare'],
            contacts: [{ name: ' Ana Ruiz ', email: ' Ana@Sinai.EXAMPLE ', phone: '+1 212 555 0100' }],
            ownerId: undefined,
            createdBy: IEC,
          },
        },
      ],
      { by: IEC, now: NOW, action: 'created' },
    );
    expect(outcome.existing).toEqual([]);
    const saved = await PartnerModel.findById(outcome.written[0]?._id).lean();
    expect(saved).toMatchObject({
      name: 'Mount Sinai Health',
      nameKey: 'mountsinaihealth',
      status: 'prospect',
      kind: 'industry',
      notes: '',
      revision: 0,
      lastActivityAt: NOW,
      contacts: [{ name: 'Ana Ruiz', email: 'ana@sinai.example', phone: '+1 212 555 0100' }],
    });
    expect(saved?.nameWords).toEqual(['mountsinaihealth', 'sinaihealth', 'health']);
    expect(saved).not.toHaveProperty('ownerId');
    expect(saved?.history).toEqual([expect.objectContaining({ at: NOW, by: IEC, action: 'created' })]);
    expect(outcome.written[0]).not.toHaveProperty('history');
    // the same document through mongoose's own validation
    await expect(new PartnerModel(saved).validate()).resolves.toBeUndefined();
    // this replica's name index is told at once (the model's insertMany hook), with the record's updatedAt
    expect(put).toHaveBeenCalledWith(expect.objectContaining({ id: String(saved?._id), name: 'Mount Sinai Health' }), saved?.updatedAt);
    put.mockRestore();

    // a name taken (regardless of case and punctuation) is left out, not an error
    const again = await writePartners([{ op: 'create', doc: { name: 'MOUNT SINAI HEALTH.' } }], { by: IEC, now: NOW, action: 'created' });
    expect(again.written).toEqual([]);
    expect(again.existing).toHaveLength(1);

    for (const bad of [{ name: '  ' }, { status: 'maybe' }, { kind: 'robot' }, { colour: 'red' }] as const) {
      await expect(
        writePartners([{ op: 'create', doc: { name: 'Other', ...bad } as never }], { by: IEC, now: NOW, action: 'created' }),
      ).rejects.toThrow('A partner could not be written');
    }
    expect(await PartnerModel.countDocuments()).toBe(1);
  });
});
