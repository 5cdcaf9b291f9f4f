/**
 * Measures, in a fresh process (so memory figures are its own): building the weekly digest of every active
 * commission, as the scheduler does (all at once, one per commission), and one aggregation over the same
 * commitments that computes what the digest's totals would need without the rollup. Prints one JSON line.
 * Env: BENCH_DB_URI, BENCH_NOW, BENCH_ROUNDS.
 */
import mongoose from 'mongoose';
import { performance } from 'node:perf_hooks';
import { activeCommissionKeys } from '../src/commissions';
import { aggregateAllTotals, estimatedCommitmentCount } from '../src/commitments';
import { connectDatabase } from '../src/db/connection';
import { buildDigest } from '../src/digest';
import { BENCH_ZONE } from './config';

interface Measured {
  ms: number[];
  /** Peak growth of the JS heap over its level before the work, bytes. */
  peakHeapGrowth: number;
  /** Peak growth of the resident set over its level before the work, bytes. */
  peakRssGrowth: number;
}

/** Runs `work` `rounds` times, sampling memory every 2 ms (the work awaits the database often, so samples land). */
async function measure(rounds: number, work: () => Promise<unknown>): Promise<Measured> {
  const ms: number[] = [];
  let peakHeapGrowth = 0;
  let peakRssGrowth = 0;
  for (let i = 0; i < rounds; i++) {
    global.gc?.();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 2);
    const t = performance.now();
    await work();
    ms.push(performance.now() - t);
    clearInterval(sampler);
    const end = process.memoryUsage();
    peakHeap = Math.max(peakHeap, end.heapUsed);
    peakRss = Math.max(peakRss, end.rss);
    peakHeapGrowth = Math.max(peakHeapGrowth, peakHeap - base.heapUsed);
    peakRssGrowth = Math.max(peakRssGrowth, peakRss - base.rss);
  }
  return { ms, peakHeapGrowth, peakRssGrowth };
}

async function main(): Promise<void> {
  const uri = process.env.BENCH_DB_URI ?? '';
  const now = new Date(process.env.BENCH_NOW ?? Date.now());
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  await connectDatabase(uri);
  const commissions = await activeCommissionKeys();
  const allDigests = () => Promise.all(commissions.map((key) => buildDigest(key, now, BENCH_ZONE)));
  const aggregation = () => aggregateAllTotals();
  await allDigests(); // warm-up: module loading, connection pool, the server's caches
  const digest = await measure(rounds, allDigests);
  const sample = await allDigests();
  const agg = await measure(Math.max(1, Math.min(rounds, 2)), aggregation);
  const commitments = await estimatedCommitmentCount();
  console.log(
    JSON.stringify({
      commitments,
      commissions: commissions.length,
      digest,
      aggregation: agg,
      weekActivity: sample.reduce((n, d) => n + d.recorded.total + d.fulfilled.total, 0),
    }),
  );
  await mongoose.disconnect();
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
