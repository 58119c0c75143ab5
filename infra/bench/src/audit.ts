/**
 * npm run bench -- audit
 * What auditing costs a read: the time from "record this read" until the
 * request may answer, for BENCH_AUDIT_ENTRIES entries from BENCH_AUDIT_CLIENTS
 * concurrent requests, with the ways considered:
 *   baseline  an awaited insert into audit_log per entry (how it was)
 *   redis     an awaited LPUSH to a Redis list a drainer would move to the database
 *   journal   this process's journal: one write(2) per entry, batched insertMany (what runs)
 *   journal+fsync  the same with an fsync per entry (survives power loss, not only a killed process)
 * and, for the journal, the time until every entry is in audit_log.
 */
import { fsyncSync, mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import {
  AuditEntryModel, connectDatabase, disconnectDatabase, ensureIndexes, flushAudit, mongoose, recordAudit, startAuditJournal, stopAuditJournal,
} from '@hotline/db';

const entries = Number(process.env.BENCH_AUDIT_ENTRIES ?? 4000);
const clients = Number(process.env.BENCH_AUDIT_CLIENTS ?? 20);
const uri = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:27017/hotline_bench_audit_${Date.now().toString(36)}`;

const entry = (i: number) => ({
  actorId: `u${i % 50}`, actorRole: 'counsellor', action: 'case.read', targetType: 'case', targetId: `c${i}`, provinceCode: '01', requestId: `r${i}`, ip: '127.0.0.1',
});

/** Runs `op` for every entry from `clients` concurrent loops; per-op latencies in ms and the elapsed time. */
async function measure(op: (i: number) => Promise<unknown>) {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let i = next++; i < entries; i = next++) {
      const s = performance.now();
      await op(i);
      lat.push(performance.now() - s);
    }
  }));
  const elapsed = performance.now() - t0;
  lat.sort((a, b) => a - b);
  return { meanMs: lat.reduce((s, x) => s + x, 0) / lat.length, p99Ms: lat[Math.floor(lat.length * 0.99)]!, perSecond: entries / (elapsed / 1000) };
}

await connectDatabase({ uri });
await mongoose.connection.dropDatabase();
await ensureIndexes();
const dir = mkdtempSync(path.join(tmpdir(), 'bench-audit-'));
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const key = `hotline-bench-audit-${Date.now().toString(36)}`;
try {
  const baseline = await measure((i) => AuditEntryModel.collection.insertOne({ _id: `b:${i}`, at: new Date(), month: '2026-01', ...entry(i) } as never));
  const viaRedis = await measure((i) => redis.lpush(key, JSON.stringify({ at: new Date(), ...entry(i) })));
  await redis.del(key);
  await startAuditJournal({ dir, flushMs: 500 });
  const journal = await measure((i) => recordAudit(entry(i)));
  const f0 = performance.now();
  await flushAudit();
  const drainMs = performance.now() - f0;
  const stored = await AuditEntryModel.countDocuments({ actorRole: 'counsellor', action: 'case.read', month: new Date().toISOString().slice(0, 7) });
  const fd = openSync(path.join(dir, 'fsync.jsonl'), 'a');
  const fsynced = await measure(async (i) => {
    writeSync(fd, `${JSON.stringify(entry(i))}\n`);
    fsyncSync(fd);
  });
  closeSync(fd);

  const rows: [string, { meanMs: number; p99Ms: number; perSecond: number }][] = [
    ['baseline: await insert per entry', baseline], ['redis: await LPUSH per entry', viaRedis], ['journal: write(2) + batched insert', journal], ['journal + fsync per entry', fsynced],
  ];
  console.log(`\naudit on the read path: ${entries} entries from ${clients} concurrent requests (time until the request may answer)\n`);
  console.log('way'.padEnd(38), 'mean ms'.padStart(9), 'p99 ms'.padStart(9), 'entries/s'.padStart(10), 'mean/baseline'.padStart(14));
  for (const [name, r] of rows) {
    console.log(name.padEnd(38), r.meanMs.toFixed(3).padStart(9), r.p99Ms.toFixed(3).padStart(9), r.perSecond.toFixed(0).padStart(10), (r.meanMs / baseline.meanMs).toFixed(3).padStart(14));
  }
  console.log(`\njournal: the last batch reached audit_log ${drainMs.toFixed(0)} ms after the last read; ${stored} of ${entries} stored`);
  console.log(JSON.stringify({
    bench: 'audit', entries, clients, drainMs: Math.round(drainMs), stored,
    results: Object.fromEntries(rows.map(([n, r]) => [n, { meanMs: Number(r.meanMs.toFixed(3)), p99Ms: Number(r.p99Ms.toFixed(3)), perSecond: Math.round(r.perSecond), meanRatio: Number((r.meanMs / baseline.meanMs).toFixed(4)) }])),
  }));
  if (stored !== entries) process.exitCode = 1;
} finally {
  await stopAuditJournal();
  rmSync(dir, { recursive: true, force: true });
  redis.disconnect();
  await mongoose.connection.dropDatabase().catch(() => {});
  await disconnectDatabase();
}
