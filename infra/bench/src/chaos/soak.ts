/**
 * npm run chaos -- --soak 30m: the same load for a long while, the drills at
 * random times, and every 15 s the resident memory of each process and the
 * private Redis's key count, to see what grows. Ends with the settle and the
 * invariants like the drills' run.
 */
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { DRILLS } from './drills';
import type { Load } from './load';
import { alive, log, sleep, type ChaosStack } from './stack';

export interface SoakSample {
  at: number;
  /** kB resident per process name (api-1, workers-2, redis, ferretdb…), with the pid sampled. */
  rss: Record<string, { pid: number; kb: number }>;
  redisKeys: number | null;
}

export interface SoakResult {
  samples: SoakSample[];
  drills: Array<{ drill: string; at: number; notes: string[]; recoverySeconds: number | null }>;
}

function rssKb(pid: number | undefined): number | null {
  if (!pid || !alive(pid)) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

async function sample(stack: ChaosStack, redis: Redis): Promise<SoakSample> {
  const rss: SoakSample['rss'] = {};
  const pids: Array<[string, number | undefined]> = [...stack.pids.entries(), ['redis', stack.redis?.pid], ['ferretdb', stack.ferret?.pid], ['supervisor', stack.supervisor?.pid]];
  for (const [name, pid] of pids) {
    const kb = rssKb(pid);
    if (kb !== null && pid) rss[name] = { pid, kb };
  }
  const redisKeys = await redis.dbsize().catch(() => null);
  return { at: Date.now(), rss, redisKeys };
}

export async function runSoak(
  stack: ChaosStack,
  load: Load,
  opts: { soakMs: number; drillIds: string[]; drillMs: number; recovered: () => Promise<boolean> },
): Promise<SoakResult> {
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
  redis.on('error', () => {});
  const result: SoakResult = { samples: [], drills: [] };
  const end = Date.now() + opts.soakMs;
  load.start();
  const sampler = (async () => {
    while (Date.now() < end) {
      result.samples.push(await sample(stack, redis));
      for (const until = Date.now() + 15_000; Date.now() < until && Date.now() < end; ) await sleep(500);
    }
    result.samples.push(await sample(stack, redis));
  })();
  // Drills at random times: on average one every eighth of the soak, never overlapping.
  const drills = DRILLS.filter((d) => opts.drillIds.includes(d.id));
  while (drills.length && Date.now() < end - opts.drillMs - 30_000) {
    await sleep(Math.min(end - Date.now(), (0.5 + Math.random()) * (opts.soakMs / 8)));
    if (Date.now() > end - opts.drillMs - 30_000) break;
    const drill = drills[Math.floor(Math.random() * drills.length)]!;
    const at = Date.now();
    log(`soak: ${drill.id} at +${Math.round((at - (end - opts.soakMs)) / 1000)} s: ${drill.title}`);
    let notes: string[];
    let from = Date.now();
    try {
      const run = await drill.run(stack, load, opts.drillMs);
      notes = run.notes;
      from = run.recoverFrom;
    } catch (err) {
      notes = [`drill error: ${(err as Error).message}`];
    }
    let back: number | null = null;
    for (const until = Date.now() + 180_000; Date.now() < until; await sleep(500)) {
      if (await opts.recovered().catch(() => false)) {
        back = Date.now();
        break;
      }
    }
    result.drills.push({ drill: drill.id, at, notes, recoverySeconds: back === null ? null : (back - from) / 1000 });
  }
  await sampler;
  await load.stop();
  redis.disconnect();
  return result;
}

/** Growth per process name from the first to the last sample of one pid (a restarted process starts over). */
export function growth(samples: SoakSample[]): Array<{ name: string; firstKb: number; lastKb: number; maxKb: number; pids: number; minutes: number }> {
  const names = new Set(samples.flatMap((s) => Object.keys(s.rss)));
  const out = [];
  for (const name of [...names].sort()) {
    const seen = samples.filter((s) => s.rss[name]);
    if (!seen.length) continue;
    const lastPid = seen.at(-1)!.rss[name]!.pid;
    const ofLast = seen.filter((s) => s.rss[name]!.pid === lastPid);
    out.push({
      name,
      firstKb: ofLast[0]!.rss[name]!.kb,
      lastKb: ofLast.at(-1)!.rss[name]!.kb,
      maxKb: Math.max(...seen.map((s) => s.rss[name]!.kb)),
      pids: new Set(seen.map((s) => s.rss[name]!.pid)).size,
      minutes: (ofLast.at(-1)!.at - ofLast[0]!.at) / 60_000,
    });
  }
  return out;
}
