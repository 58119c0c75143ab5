/**
 * The fault drills of issue 14. Each one injects its fault under the running
 * load within `durationMs`, and says when the fault ended (`recoverFrom`, the
 * instant recovery time is measured from) and which request failures were its
 * own process being down (`allowed`).
 */
import { Redis } from 'ioredis';
import type { Load } from './load';
import { request } from './http';
import { alive, sleep, type ChaosStack } from './stack';

export interface DrillRun {
  /** When the fault ended: recovery time counts from here. */
  recoverFrom: number;
  /** A request through the proxy may fail if it was in flight in one of these windows (from a kill to a second after it). */
  allowed: Array<{ from: number; to: number }>;
  /** Failures of requests sent straight to a process that was meant to die (D5) are expected. */
  directAllowed: boolean;
  notes: string[];
}

export interface Drill {
  id: string;
  title: string;
  run(stack: ChaosStack, load: Load, durationMs: number): Promise<DrillRun>;
}

const QUEUES = ['triage', 'routing', 'notifications', 'sla', 'maintenance'];

/** Waits (up to `ms`) until some BullMQ job is active, so a kill lands mid-job. */
async function waitForActiveJob(stack: ChaosStack, ms: number): Promise<string | null> {
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const until = Date.now() + ms;
    while (Date.now() < until) {
      for (const q of QUEUES) {
        if ((await redis.llen(`${stack.prefix}:${q}:active`)) > 0) return q;
      }
      await sleep(20);
    }
    return null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

function kill9(stack: ChaosStack, name: string): number {
  const pid = stack.pids.get(name);
  if (!pid || !alive(pid)) throw new Error(`${name} is not running (pid ${pid})`);
  process.kill(pid, 'SIGKILL');
  return pid;
}

async function waitBack(stack: ChaosStack, name: string, since: number): Promise<number> {
  await stack.waitForLine(new RegExp(`\\[supervisor\\] ${name} is ready again|\\[supervisor\\] ${name} restarted`), since, 180_000);
  // "restarted" is the spawn; an API process is back when its port answers /readyz, a workers process when it logs ready.
  if (name.startsWith('api-')) {
    const port = stack.apiPort(Number(name.slice(4)));
    for (const until = Date.now() + 180_000; Date.now() < until; ) {
      const r = await request(`http://127.0.0.1:${port}`, { method: 'GET', path: '/readyz', timeoutMs: 2000 }).catch(() => null);
      if (r?.status === 200) break;
      await sleep(200);
    }
  } else {
    await stack.waitForLine(new RegExp(`\\[supervisor\\] ${name} is ready again`), since, 180_000);
  }
  return Date.now();
}

const fakeControl = (stack: ChaosStack, path: string, body: unknown) =>
  request(stack.fakeUrl, { method: 'POST', path: `/_fake${path}`, body, timeoutMs: 10_000 }).catch(() => null);

export const DRILLS: Drill[] = [
  {
    id: 'D1',
    title: 'kill -9 a workers process mid-job (3 times)',
    async run(stack, _load, durationMs) {
      const notes: string[] = [];
      let last = Date.now();
      const kills = 3;
      for (let k = 0; k < kills; k++) {
        const name = `workers-${(k % stack.opts.workers) + 1}`;
        const queue = await waitForActiveJob(stack, 5000);
        const at = Date.now();
        const pid = kill9(stack, name);
        notes.push(`${name} (pid ${pid}) killed ${queue ? `with a ${queue} job active` : 'with no job seen active'}`);
        last = at;
        if (k < kills - 1) await sleep(Math.max(2000, durationMs / (kills + 1)));
      }
      for (let i = 1; i <= stack.opts.workers; i++) await waitBack(stack, `workers-${i}`, last).catch(() => {});
      return { recoverFrom: last, allowed: [], directAllowed: false, notes };
    },
  },
  {
    id: 'D2',
    title: 'kill -9 an API process with requests in flight',
    async run(stack, _load, durationMs) {
      const notes: string[] = [];
      const allowed: DrillRun['allowed'] = [];
      let last = Date.now();
      for (let i = 1; i <= Math.min(2, stack.opts.apiProcesses); i++) {
        const name = `api-${i}`;
        const at = Date.now();
        const pid = kill9(stack, name);
        last = at;
        const back = await waitBack(stack, name, at);
        // Requests in flight on the killed process when it died fail; nothing sent a second after the kill should.
        allowed.push({ from: at, to: at + 1000 });
        notes.push(`${name} (pid ${pid}) killed; answering /readyz again after ${((back - at) / 1000).toFixed(1)} s`);
        if (i === 1) await sleep(Math.max(1000, durationMs / 3 - (back - at)));
      }
      return { recoverFrom: last, allowed, directAllowed: false, notes };
    },
  },
  {
    id: 'D3',
    title: 'Redis killed and restarted empty (jobs and deadlines pending)',
    async run(stack, _load, durationMs) {
      await sleep(Math.min(5000, durationMs / 4));
      const at = Date.now();
      await stack.killRedis();
      await sleep(3000);
      await stack.startRedis();
      const restarted = Date.now();
      return { recoverFrom: restarted, allowed: [], directAllowed: false, notes: [`redis down ${((restarted - at) / 1000).toFixed(1)} s, restarted empty`] };
    },
  },
  {
    id: 'D4',
    title: 'FerretDB wrapper killed -9 and restarted under load',
    async run(stack, _load, durationMs) {
      await sleep(Math.min(5000, durationMs / 4));
      const at = Date.now();
      await stack.killFerret();
      await sleep(5000);
      await stack.startFerret();
      const restarted = Date.now();
      return { recoverFrom: restarted, allowed: [], directAllowed: false, notes: [`database down ${((restarted - at) / 1000).toFixed(1)} s`] };
    },
  },
  {
    id: 'D5',
    title: 'an API process killed between a case write and its enqueue (fault point case.after-insert)',
    async run(stack, load, durationMs) {
      const notes: string[] = [];
      const started = Date.now();
      const sessions = load.counsellorSessions;
      let last = Date.now();
      for (let k = 0; k < 3 && (k === 0 || Date.now() - started < durationMs); k++) {
        const extra = await stack.startExtraApi({ HOTLINE_FAULTS: 'case.after-insert:kill' });
        const s = sessions[k % sessions.length]!;
        const body = load.newCaseCall(s);
        const direct = { base: `http://127.0.0.1:${extra.port}`, via: `direct:${extra.port}` };
        if (k < 2) {
          // The counsellor's draft is sent again (to the proxy) after the first submit got no answer.
          const r = await load.submitCall(s, body, direct);
          notes.push(`case call ${body.clientRequestId.slice(0, 8)}: process died on the write (${extra.child.signalCode ?? extra.child.exitCode}); repeat submit answered ${r?.status ?? 'nothing'}`);
        } else {
          // This time the counsellor gives up: the case written before the crash must be triaged and routed anyway.
          const r = await s.send('POST', '/api/calls', body, 'call', direct.base, direct.via).catch((e: Error) => e);
          notes.push(`case call ${body.clientRequestId.slice(0, 8)} not submitted again (${r instanceof Error ? r.message : r.status})`);
        }
        last = Date.now();
        for (let i = 0; i < 50 && extra.child.exitCode === null && extra.child.signalCode === null; i++) await sleep(100);
        if (extra.child.exitCode === null && extra.child.signalCode === null) extra.child.kill('SIGKILL');
      }
      return { recoverFrom: last, allowed: [], directAllowed: true, notes };
    },
  },
  {
    id: 'D6',
    title: 'fake Twilio failing (500s, a hang, 429s), then recovering',
    async run(stack, _load, durationMs) {
      const notes: string[] = [];
      await fakeControl(stack, '/failures', { kind: '500', count: 40 });
      notes.push('40 sends answered 500');
      await sleep(Math.max(3000, durationMs / 3));
      const pid = stack.pids.get('fake-twilio');
      if (pid && alive(pid)) {
        process.kill(pid, 'SIGSTOP');
        await sleep(8000);
        process.kill(pid, 'SIGCONT');
        notes.push('fake Twilio stopped (SIGSTOP) 8 s: sends and control calls hang');
      }
      await fakeControl(stack, '/failures', { kind: '429', count: 10, retryAfterSeconds: 2 });
      notes.push('10 sends answered 429 (Retry-After 2)');
      const recovered = Date.now();
      await sleep(Math.max(2000, durationMs / 3));
      await fakeControl(stack, '/failures', { kind: '500', count: 0 });
      return { recoverFrom: recovered, allowed: [], directAllowed: false, notes };
    },
  },
  {
    id: 'D7',
    title: 'duplicated and reordered Twilio webhooks (replays, callbacks twice and out of order)',
    async run(stack, load, durationMs) {
      load.webhookChaos = true;
      let replays = 0;
      const until = Date.now() + durationMs * 0.75;
      while (Date.now() < until) {
        await fakeControl(stack, '/replay-last', {});
        replays++;
        await sleep(700);
      }
      load.webhookChaos = false;
      return { recoverFrom: Date.now(), allowed: [], directAllowed: false, notes: [`${replays} extra replays of the last webhook, every reply and callback duplicated or reordered`] };
    },
  },
];

