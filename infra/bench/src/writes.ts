/**
 * npm run bench -- writes
 * Single-document writes per second through the embedded database's write
 * proxy, with its lock per document (what runs) against one global write lock
 * (how it was, `-write-lock global`), both started here on the same
 * PostgreSQL in the same run. Workloads, each by BENCH_WRITE_CLIENTS clients
 * for BENCH_WRITE_SECONDS: $inc of each client's own document, $inc of one
 * shared document, inserts, and conditional updates of one document racing.
 * Every run also checks MongoDB's guarantee: no $inc lost, one winner per
 * conditional update.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { ROOT } from './bench-stack';

const clients = Number(process.env.BENCH_WRITE_CLIENTS ?? 20);
const seconds = Number(process.env.BENCH_WRITE_SECONDS ?? 5);
const pgUrl = process.env.HOTLINE_POSTGRESQL_URL;
const ferretBin = process.env.HOTLINE_FERRETDB_BIN ?? path.join(ROOT, 'infra/ferretdb/bin/hotline-ferretdb');
if (!pgUrl) throw new Error('HOTLINE_POSTGRESQL_URL is not set (npm run bench sets it)');

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

async function startWrapper(mode: 'document' | 'global') {
  const port = await freePort();
  const child = spawn(ferretBin, ['-listen', `127.0.0.1:${port}`, '-postgresql-url', `${pgUrl}/hotline_bench_writes`, '-write-lock', mode], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 300; i++) {
    const ok = await new Promise<boolean>((r) => net.connect(port, '127.0.0.1').once('connect', function (this: net.Socket) { this.destroy(); r(true); }).once('error', () => r(false)));
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const conn = await mongoose.createConnection(`mongodb://127.0.0.1:${port}/bench_writes_${mode}_${Date.now().toString(36)}`, { maxPoolSize: clients + 5 }).asPromise();
  return { conn, stop: async () => { await conn.dropDatabase().catch(() => {}); await conn.close(); child.kill('SIGTERM'); } };
}

/** Runs `op` in a loop from each client for `seconds`; returns operations per second. */
async function rate(op: (client: number, i: number) => Promise<unknown>): Promise<{ perSecond: number; ops: number }> {
  const until = Date.now() + seconds * 1000;
  let ops = 0;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; Date.now() < until; i++) {
      await op(c, i);
      ops++;
    }
  }));
  return { perSecond: ops / seconds, ops };
}

async function workloads(conn: Connection) {
  const db = conn.db!;
  const own = db.collection<{ _id: string; n: number }>('own');
  const shared = db.collection<{ _id: string; n: number }>('shared');
  const inserts = db.collection('inserts');
  const race = db.collection<{ _id: string; n: number }>('race');
  await own.insertMany(Array.from({ length: clients }, (_, c) => ({ _id: `c${c}`, n: 0 })));
  await shared.insertOne({ _id: 'one', n: 0 });

  const ownRun = await rate((c) => own.updateOne({ _id: `c${c}` }, { $inc: { n: 1 } }));
  const ownSum = (await own.find({}).toArray()).reduce((s, d) => s + d.n, 0);
  const sharedRun = await rate(() => shared.updateOne({ _id: 'one' }, { $inc: { n: 1 } }));
  const sharedN = (await shared.findOne({ _id: 'one' }))?.n ?? 0;
  const insertRun = await rate((c, i) => inserts.insertOne({ c, i, at: new Date() }));
  // Conditional updates: every client tries to move the same document from n to n+1; exactly one may win each step.
  await race.insertOne({ _id: 'r', n: 0 });
  let wins = 0;
  let steps = 0;
  const raceUntil = Date.now() + seconds * 1000;
  while (Date.now() < raceUntil) {
    const r = await Promise.all(Array.from({ length: clients }, () => race.updateOne({ _id: 'r', n: steps }, { $set: { n: steps + 1 } })));
    wins += r.filter((x) => x.modifiedCount === 1).length;
    steps++;
  }
  return {
    ownDocument: ownRun.perSecond, ownLost: ownRun.ops - ownSum,
    sharedDocument: sharedRun.perSecond, sharedLost: sharedRun.ops - sharedN,
    inserts: insertRun.perSecond,
    raceSteps: steps, raceWinners: wins,
  };
}

const results: Record<string, Awaited<ReturnType<typeof workloads>>> = {};
for (const mode of ['global', 'document'] as const) {
  const w = await startWrapper(mode);
  try {
    results[mode] = await workloads(w.conn);
  } finally {
    await w.stop();
  }
}
const g = results.global!;
const d = results.document!;
const rows: [string, number, number][] = [
  ['$inc, each client its own document', g.ownDocument, d.ownDocument],
  ['$inc, one shared document', g.sharedDocument, d.sharedDocument],
  ['insert', g.inserts, d.inserts],
];
console.log(`\nwrites/s through the write proxy, ${clients} clients × ${seconds} s each (before: one global write lock; after: a lock per document)\n`);
console.log('workload'.padEnd(40), 'before/s'.padStart(10), 'after/s'.padStart(10), 'after/before'.padStart(13));
for (const [name, before, after] of rows) console.log(name.padEnd(40), before.toFixed(0).padStart(10), after.toFixed(0).padStart(10), (after / before).toFixed(2).padStart(13));
console.log(`\nguarantees (after): lost $inc own ${d.ownLost}, shared ${d.sharedLost}; conditional-update winners ${d.raceWinners} over ${d.raceSteps} steps (must equal)`);
console.log(`guarantees (before): lost $inc own ${g.ownLost}, shared ${g.sharedLost}; winners ${g.raceWinners} over ${g.raceSteps} steps`);
const ok = d.ownLost === 0 && d.sharedLost === 0 && d.raceWinners === d.raceSteps;
console.log(JSON.stringify({ bench: 'writes', clients, seconds, before: g, after: d, ratios: Object.fromEntries(rows.map(([n, b, a]) => [n, Number((a / b).toFixed(2))])), atomic: ok }));
if (!ok) process.exitCode = 1;
