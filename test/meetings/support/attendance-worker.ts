/**
 * One app replica's scheduler in its own OS process, with the real attendance source, for
 * test/meetings/attendance-replicas.test.ts: connects to the test database, prints `ready`, waits for a line on
 * stdin (so all replicas start together), then ticks as of WORKER_NOW until WORKER_EXPECTED attendance
 * notifications are final, and exits 0. Configured by WORKER_DB_URI, WORKER_API_URL, WORKER_TOKEN, WORKER_NOW,
 * WORKER_EXPECTED, WORKER_CLOCK_START and WORKER_TIME_FACTOR (the clock the replicas and the fake Slack share:
 * `fastTime` in test/support/time.ts). The scheduler's settings are production's, on that clock.
 */
import mongoose from 'mongoose';
import { attendanceSource } from '../../../src/meetings/attendance-source';
import { ATTENDANCE_KIND } from '../../../src/meetings/ids';
import { NotificationModel } from '../../../src/scheduler/model';
import { tick } from '../../../src/scheduler/scheduler';
import { requiredEnv, startReplicaScheduler } from '../../scheduler/support/replica-process';

const env = requiredEnv;

async function main(): Promise<void> {
  const now = new Date(env('WORKER_NOW'));
  const expected = Number(env('WORKER_EXPECTED'));
  const deps = await startReplicaScheduler('WORKER', [attendanceSource]);
  console.log('ready');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    await tick(now, deps);
    const final = await NotificationModel.countDocuments({ kind: ATTENDANCE_KIND, status: { $in: ['sent', 'skipped', 'failed'] } });
    if (final >= expected) {
      await mongoose.disconnect();
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  console.error('deadline passed');
  process.exit(3);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
