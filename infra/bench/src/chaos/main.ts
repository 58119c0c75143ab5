/**
 * npm run chaos [-- --drills D1,D3] [--duration 30s] [--baseline 8s] [--quiesce 60s] [--settle 120s]
 *                [--counsellors 20] [--call-every 20s] [--soak 30m] [--keep-database]
 *
 * Issue 14's fault drills on a private stack (see stack.ts): under a steady
 * mixed load (load.ts) each drill (drills.ts) injects its fault; then the load
 * stops, the run waits until nothing is in flight, and the invariants
 * (invariants.ts) are checked against the database. Prints a table and a last
 * line of JSON; exits 1 if anything was lost or duplicated.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase, disconnectDatabase } from '@hotline/db';
import { DRILLS, type DrillRun } from './drills';
import { request } from './http';
import { backlog, checkInvariants, unroutedBacklog, type Finding } from './invariants';
import { Load } from './load';
import { growth, runSoak, type SoakResult } from './soak';
import { ChaosStack, log, sleep } from './stack';

function seconds(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v.trim());
  if (!m) throw new Error(`not a duration: ${v} (e.g. 30s, 2m)`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
}

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    drills: { type: 'string', default: DRILLS.map((d) => d.id).join(',') },
    duration: { type: 'string', default: '30s' },
    baseline: { type: 'string', default: '8s' },
    quiesce: { type: 'string', default: '60s' },
    settle: { type: 'string', default: '120s' },
    counsellors: { type: 'string', default: '20' },
    'call-every': { type: 'string', default: '20s' },
    soak: { type: 'string' },
    'keep-database': { type: 'boolean', default: false },
  },
});

const chosen = values.drills.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
for (const id of chosen) if (!DRILLS.some((d) => d.id === id)) throw new Error(`unknown drill ${id}; known: ${DRILLS.map((d) => d.id).join(', ')}`);
const durationMs = seconds(values.duration) * 1000;
const baselineMs = seconds(values.baseline) * 1000;
const quiesceMs = seconds(values.quiesce) * 1000;
const settleMs = seconds(values.settle) * 1000;
const soakMs = values.soak ? seconds(values.soak) * 1000 : 0;

const stack = new ChaosStack({ apiProcesses: 2, workers: 2, slaMinuteMs: 1000, offerWindowSeconds: 20, reconcileEveryMs: 30_000, workerLockMs: 5000 });
let stopping = false;
async function cleanUp(code: number) {
  if (stopping) return;
  stopping = true;
  await disconnectDatabase().catch(() => {});
  await stack.stop({ keepDatabase: values['keep-database'] }).catch((err) => log(`clean-up: ${(err as Error).message}`));
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanUp(130));

interface Row {
  drill: string;
  title: string;
  before: number;
  during: number;
  requests: number;
  failed: number;
  unexpected: number;
  recoverySeconds: number | null;
  quiescentSeconds: number | null;
  lost: number;
  duplicated: number;
  stuck: number;
  /** Found missing after the drill, done by the final check: late, not lost. */
  late: number;
  findings: Finding[];
  notes: string[];
  leftover?: Record<string, number>;
}

/** /readyz of every API process answers 200 and no case older than 3 s waits for triage or its first round. */
async function recovered(): Promise<boolean> {
  for (let i = 1; i <= stack.opts.apiProcesses; i++) {
    const r = await request(`http://127.0.0.1:${stack.apiPort(i)}`, { method: 'GET', path: '/readyz', timeoutMs: 3000 }).catch(() => null);
    if (r?.status !== 200) return false;
  }
  try {
    return (await unroutedBacklog()) === 0;
  } catch {
    return false;
  }
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (await cond().catch(() => false)) return Date.now();
    await sleep(everyMs);
  }
  return null;
}

/** Findings by what they are about (the key's first part). */
function countPrefixes(fs: Finding[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of fs) {
    const k = `${f.kind}:${f.key.split(':')[0]}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

const seen = new Set<string>();
const rows: Row[] = [];
let exitCode: number;

try {
  await stack.start();
  await connectDatabase({ uri: stack.mongoUri });
  const load = new Load(stack, { counsellors: Number(values.counsellors), callEverySeconds: seconds(values['call-every']) });
  await load.prepare();

  let soak: SoakResult | null = null;
  if (soakMs) {
    log(`soak: ${soakMs / 60_000} min of load, drills ${chosen.join(',')} at random times, RSS and Redis keys every 15 s`);
    soak = await runSoak(stack, load, { soakMs, drillIds: chosen, drillMs: durationMs, recovered });
  }
  for (const id of soakMs ? [] : chosen) {
    const drill = DRILLS.find((d) => d.id === id)!;
    log(`${drill.id}: ${drill.title}`);
    load.start();
    const b0 = Date.now();
    await sleep(baselineMs);
    const faultStart = Date.now();
    let run: DrillRun;
    try {
      run = await drill.run(stack, load, durationMs);
    } catch (err) {
      log(`${drill.id} could not run: ${(err as Error).message}`);
      run = { recoverFrom: Date.now(), allowed: [], directAllowed: false, notes: [`drill error: ${(err as Error).message}`] };
    }
    const backAt = await waitFor(recovered, 180_000);
    const recoverySeconds = backAt === null ? null : Math.max(0, (backAt - run.recoverFrom) / 1000);
    log(`${drill.id}: ${run.notes.join('; ')}; recovered ${recoverySeconds === null ? 'NOT within 180 s' : `in ${recoverySeconds.toFixed(1)} s`}`);
    const remaining = faultStart + durationMs - Date.now();
    if (remaining > 0) await sleep(remaining);
    const faultEnd = Date.now();
    await load.stop();

    // Quiescence: nothing new comes in; wait until nothing is left in flight.
    const q0 = Date.now();
    let leftover: Record<string, number> = {};
    const quiet = await waitFor(async () => {
      leftover = await backlog();
      return Object.values(leftover).every((n) => n === 0);
    }, quiesceMs, 2000);
    if (quiet === null) log(`${drill.id}: not quiescent after ${quiesceMs / 1000} s: ${JSON.stringify(leftover)}`);

    const { findings, figures } = await checkInvariants(stack, load);
    const fresh = findings.filter((f) => !seen.has(`${f.kind}:${f.key}`));
    for (const f of fresh) seen.add(`${f.kind}:${f.key}`);

    const outcomes = load.recorder.outcomes;
    const answered = (o: (typeof outcomes)[number]) => o.status >= 200 && o.status < 500;
    const inWindow = (from: number, to: number) => outcomes.filter((o) => o.start >= from && o.start < to);
    const before = inWindow(b0, faultStart);
    const during = inWindow(faultStart, faultEnd);
    const failedDuring = inWindow(b0, faultEnd + 60_000).filter((o) => !answered(o));
    const unexpected = failedDuring.filter((o) => {
      if (o.via !== 'proxy') return !run.directAllowed;
      return !run.allowed.some((w) => o.start <= w.to && o.end >= w.from);
    });
    const rate = (xs: typeof outcomes, ms: number) => xs.filter(answered).length / Math.max(ms / 1000, 0.001);
    const row: Row = {
      drill: drill.id,
      title: drill.title,
      before: rate(before, faultStart - b0),
      during: rate(during, faultEnd - faultStart),
      requests: before.length + during.length,
      failed: failedDuring.length,
      unexpected: unexpected.length,
      recoverySeconds,
      quiescentSeconds: quiet === null ? null : (quiet - q0) / 1000,
      lost: fresh.filter((f) => f.kind === 'lost').length,
      duplicated: fresh.filter((f) => f.kind === 'duplicated').length,
      stuck: fresh.filter((f) => f.kind === 'stuck').length,
      late: 0,
      findings: fresh,
      notes: run.notes,
      ...(quiet === null ? { leftover } : {}),
    };
    rows.push(row);
    writeFileSync(path.join(stack.dir, `findings-${drill.id}.json`), JSON.stringify({ leftover, figures, findings: fresh }, null, 1));
    const byType = countPrefixes(fresh);
    if (Object.keys(byType).length) log(`${drill.id}: findings by type ${JSON.stringify(byType)}`);
    log(`${drill.id}: ${row.lost} lost, ${row.duplicated} duplicated, ${row.stuck} stuck; ${row.failed} requests failed (${row.unexpected} outside the killed process's window); figures ${JSON.stringify(figures)}`);
    for (const f of fresh.slice(0, 15)) log(`  ${f.kind.toUpperCase()}: ${f.what}`);
    if (fresh.length > 15) log(`  … ${fresh.length - 15} more`);
    const unexpectedShown = unexpected.slice(0, 5).map((o) => `${o.kind} ${o.via} +${((o.start - faultStart) / 1000).toFixed(1)}s → ${o.status || o.error}`);
    if (unexpectedShown.length) log(`  failures outside the allowed windows: ${unexpectedShown.join('; ')}`);
  }

  // Settle: with nothing new coming in, give the system time to finish; what a drill found missing and
  // is done by now was late, not lost. Duplicates stay duplicates.
  if (rows.length || soak) {
    log(`settling: waiting up to ${settleMs / 1000} s for nothing to be left in flight, then the final check`);
    let leftover: Record<string, number> = {};
    const quiet = await waitFor(async () => {
      leftover = await backlog();
      return Object.values(leftover).every((n) => n === 0);
    }, settleMs, 3000);
    if (quiet === null) log(`still not quiescent: ${JSON.stringify(leftover)}`);
    const final = await checkInvariants(stack, load);
    const still = new Set(final.findings.map((f) => `${f.kind}:${f.key}`));
    writeFileSync(path.join(stack.dir, 'findings-final.json'), JSON.stringify({ leftover, figures: final.figures, findings: final.findings }, null, 1));
    for (const r of rows) {
      const resolved = r.findings.filter((f) => f.kind !== 'duplicated' && !still.has(`${f.kind}:${f.key}`));
      r.findings = r.findings.filter((f) => f.kind === 'duplicated' || still.has(`${f.kind}:${f.key}`));
      r.late = resolved.length;
      r.lost = r.findings.filter((f) => f.kind === 'lost').length;
      r.stuck = r.findings.filter((f) => f.kind === 'stuck').length;
    }
    const unattributed = final.findings.filter((f) => !seen.has(`${f.kind}:${f.key}`));
    if (unattributed.length || soak) {
      rows.push({ drill: soak ? 'soak' : 'after', title: soak ? 'the soak (final check)' : 'found only by the final check', before: 0, during: 0, requests: load.recorder.outcomes.length,
        failed: load.recorder.outcomes.filter((o) => o.status === 0 || o.status >= 500).length, unexpected: 0,
        recoverySeconds: soak?.drills.length ? Math.max(...soak.drills.map((d) => d.recoverySeconds ?? Infinity)) : null, quiescentSeconds: null,
        lost: unattributed.filter((f) => f.kind === 'lost').length, duplicated: unattributed.filter((f) => f.kind === 'duplicated').length,
        stuck: unattributed.filter((f) => f.kind === 'stuck').length, late: 0, findings: unattributed, notes: [] });
    }
    for (const r of rows) for (const f of r.findings.slice(0, 10)) log(`  ${r.drill} ${f.kind.toUpperCase()}: ${f.what}`);
  }

  const pad = (s: string, n: number) => s.padEnd(n);
  const lpad = (s: string, n: number) => s.padStart(n);
  console.log('\nfault drills (load: 20 counsellors logging calls, partners answering by console/SMS/keypad, webhooks replayed, a manager reading)\n');
  console.log(`${pad('drill', 6)}${lpad('load held (req/s during / before)', 34)}${lpad('failed', 8)}${lpad('unexpected', 12)}${lpad('recovery s', 12)}${lpad('quiet s', 9)}${lpad('lost', 6)}${lpad('duplicated', 12)}${lpad('stuck', 7)}${lpad('late', 6)}`);
  for (const r of rows) {
    const held = `${r.during.toFixed(1)} / ${r.before.toFixed(1)} (${r.before ? Math.round((100 * r.during) / r.before) : 0}%)`;
    console.log(
      `${pad(r.drill, 6)}${lpad(held, 34)}${lpad(String(r.failed), 8)}${lpad(String(r.unexpected), 12)}${lpad(r.recoverySeconds === null ? 'never' : r.recoverySeconds.toFixed(1), 12)}` +
        `${lpad(r.quiescentSeconds === null ? 'never' : r.quiescentSeconds.toFixed(0), 9)}${lpad(String(r.lost), 6)}${lpad(String(r.duplicated), 12)}${lpad(String(r.stuck), 7)}${lpad(String(r.late), 6)}`,
    );
  }
  console.log(
    '\nfailed: requests with no answer or a 5xx from the drill\'s baseline to a minute after it; unexpected: those not in flight on a process killed by the drill;\n' +
      'recovery: from the end of the fault until every API process answers /readyz and no case older than 3 s waits for triage or routing;\n' +
      'lost / stuck: still missing at the final check after the settle time; late: missing after the drill but done by the final check.\n',
  );
  if (soak) {
    const g = growth(soak.samples);
    const keys = soak.samples.map((x) => x.redisKeys).filter((k): k is number => k !== null);
    console.log(`soak: ${soakMs / 60_000} min, ${soak.samples.length} samples; drills: ${soak.drills.map((d) => `${d.drill} (recovered ${d.recoverySeconds === null ? 'never' : `${d.recoverySeconds.toFixed(1)} s`})`).join(', ') || 'none'}`);
    console.log(`${pad('process', 12)}${lpad('pids', 6)}${lpad('first MB', 10)}${lpad('last MB', 10)}${lpad('max MB', 10)}${lpad('MB/h (last pid)', 17)}`);
    for (const x of g) {
      const perHour = x.minutes > 1 ? ((x.lastKb - x.firstKb) / 1024 / x.minutes) * 60 : 0;
      console.log(`${pad(x.name, 12)}${lpad(String(x.pids), 6)}${lpad((x.firstKb / 1024).toFixed(0), 10)}${lpad((x.lastKb / 1024).toFixed(0), 10)}${lpad((x.maxKb / 1024).toFixed(0), 10)}${lpad(perHour.toFixed(1), 17)}`);
    }
    console.log(`redis keys: first ${keys[0] ?? '?'}, last ${keys.at(-1) ?? '?'}, max ${keys.length ? Math.max(...keys) : '?'} (a restart of Redis empties it)\n`);
  }
  const lost = rows.reduce((s, r) => s + r.lost, 0);
  const duplicated = rows.reduce((s, r) => s + r.duplicated, 0);
  exitCode = lost || duplicated ? 1 : 0;
  console.log(
    JSON.stringify({
      chaos: 'drills',
      runId: stack.runId,
      durationSeconds: durationMs / 1000,
      lost,
      duplicated,
      ok: exitCode === 0,
      drills: rows.map((r) => ({
        drill: r.drill, title: r.title, requestsPerSecondBefore: Number(r.before.toFixed(2)), requestsPerSecondDuring: Number(r.during.toFixed(2)), requests: r.requests,
        failed: r.failed, unexpectedFailures: r.unexpected, recoverySeconds: r.recoverySeconds, quiescentSeconds: r.quiescentSeconds, lost: r.lost, duplicated: r.duplicated,
        stuck: r.stuck, late: r.late, notes: r.notes, findings: r.findings.slice(0, 50).map((f) => `${f.kind}: ${f.what}`), ...(r.leftover ? { leftover: r.leftover } : {}),
      })),
      load: load.counts,
      ...(soak ? { soak: { minutes: soakMs / 60_000, drills: soak.drills, growth: growth(soak.samples), redisKeys: soak.samples.map((x) => x.redisKeys) } } : {}),
    }),
  );
} catch (err) {
  log(`chaos run failed: ${(err as Error).stack ?? err}`);
  exitCode = 2;
}
await cleanUp(exitCode);
