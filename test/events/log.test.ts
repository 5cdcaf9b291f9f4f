import { events } from '../../src/events';
import { logEventFailures } from '../../src/events/log';
import { CapturingLogger } from '../support/logger';

describe('logging what events report as failed', () => {
  it('logs derived data that did not follow, and a handler that threw, with the event name', async () => {
    const logger = new CapturingLogger();
    logEventFailures(logger);
    const off = events.on('partner.changed', () => {
      throw new Error('home refresh broke');
    });
    events.emit('derived.failed', { owner: 'people index', after: '2 partner(s): imported', error: new Error('socket closed') });
    events.emit('partner.changed', { action: 'edited', by: 'U0IEC', at: new Date(), changes: [] });
    await events.idle();
    off();
    const errors = logger.lines.filter((l) => l.level === 'error').map((l) => l.text);
    expect(errors).toEqual([
      expect.stringMatching(/^derived\.failed: people index not updated after 2 partner\(s\): imported.*socket closed/s),
      expect.stringMatching(/^partner\.changed: an event handler failed.*home refresh broke/s),
    ]);
  });
});
