import { EventEmitter } from 'node:events';
import { watchHeartbeats } from '../../src/db/monitor-watchdog';

/** The guard against a driver monitor stuck in a heartbeat forever (see src/db/monitor-watchdog.ts). */

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchHeartbeats', () => {
  it('leaves heartbeats that end alone, however many there are', async () => {
    const client = new EventEmitter();
    const onStuck = jest.fn();
    const stop = watchHeartbeats(client, onStuck, 100, 10);
    for (let i = 0; i < 10; i++) {
      client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
      await wait(30);
      client.emit(i % 2 ? 'serverHeartbeatSucceeded' : 'serverHeartbeatFailed', { connectionId: 'db:27017' });
    }
    await wait(150);
    expect(onStuck).not.toHaveBeenCalled();
    stop();
  });

  it('calls onStuck once when a heartbeat never ends, then stops watching', async () => {
    const client = new EventEmitter();
    const onStuck = jest.fn();
    watchHeartbeats(client, onStuck, 100, 10);
    client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
    await wait(250);
    expect(onStuck).toHaveBeenCalledTimes(1);
    expect(client.listenerCount('serverHeartbeatStarted')).toBe(0);
  });

  it('tracks each server of a replica set on its own', async () => {
    const client = new EventEmitter();
    const onStuck = jest.fn();
    const stop = watchHeartbeats(client, onStuck, 100, 10);
    client.emit('serverHeartbeatStarted', { connectionId: 'a:27017' });
    client.emit('serverHeartbeatStarted', { connectionId: 'b:27017' });
    // a keeps answering; b's first heartbeat never ends
    for (let i = 0; i < 6; i++) {
      await wait(30);
      client.emit('serverHeartbeatSucceeded', { connectionId: 'a:27017' });
      client.emit('serverHeartbeatStarted', { connectionId: 'a:27017' });
    }
    expect(onStuck).toHaveBeenCalledTimes(1);
    stop();
  });

  it('stops when the client closes', async () => {
    const client = new EventEmitter();
    const onStuck = jest.fn();
    watchHeartbeats(client, onStuck, 50, 10);
    client.emit('serverHeartbeatStarted', { connectionId: 'db:27017' });
    client.emit('topologyClosed');
    await wait(120);
    expect(onStuck).not.toHaveBeenCalled();
  });
});
