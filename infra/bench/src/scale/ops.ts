/**
 * What users do, through the real HTTP API as the demo users: each operation
 * sampled `samples` times from `clients` concurrent clients (sessions of the
 * same demo user), after a few untimed warm-up runs.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { CATEGORIES, type TCategory, type TRiskLevel } from '@hotline/core';
import { roundReferralId } from '@hotline/db';
import { call, HttpError, percentile, sample, type OpFigures, type Session } from './http';
import type { Rng } from './random';

export const OPS = [
  'log call (new case)',
  'log call (repeat caller)',
  'case page',
  'caller lookup',
  'caller lookup (busiest)',
  'case search',
  'queue summary',
  'case list page 1',
  'case list page 5',
  'collaborator inbox',
  'accept referral',
  'SLA overview',
  'login',
  'routing round',
] as const;
export type OpName = (typeof OPS)[number];

export interface PhaseOptions {
  samples: number;
  clients: number;
  warmup: number;
  /** Per operation: sampling stops after this long (at least 5 samples). */
  budgetMs: number;
  routingTimeoutMs: number;
}

interface LoggedCase {
  caseId: string;
  phone: string;
}

export interface PhaseContext {
  rng: Rng;
  password: string;
  counsellors: Session[];
  supervisors: Session[];
  managers: Session[];
  collaborators: Session[];
  /** Emails the login operation signs in as, in turn. */
  loginEmails: string[];
  /** Hà Nội communes no demo collaborator covers (cases opened there are routed on province-wide ranking). */
  communes: string[];
  /** A commune the demo collaborator (collaborator.hn's partner) covers: routing offers its cases there first. */
  collaboratorCommune: string;
  /** The case list's filter (`open=true`, or a status when the API has no `open` filter) and page size. */
  listQuery: string;
  listLimit: number;
  /** Cases opened (and their callers) in the first phase: every phase reads these same cases and numbers. */
  known: LoggedCase[];
  /** A number the seed makes the busiest repeat caller of the year (thousands of calls at full scale). */
  busiestCaller: string;
  /** Waits until the workers have no queued or running job (triage, routing, notices). */
  settle: () => Promise<void>;
  log: (msg: string) => void;
}

const PROVINCE = '01';
/** Referable categories with a person the category fits (routing finds partners for each in Hà Nội). */
const CASE_KINDS: { category: TCategory; subject: { name: string; ageYears: number; gender: 'female' | 'male' } }[] = [
  { category: 'child_abuse', subject: { name: 'Bé A', ageYears: 8, gender: 'female' } },
  { category: 'domestic_violence', subject: { name: 'Chị B', ageYears: 34, gender: 'female' } },
  { category: 'psychological_crisis', subject: { name: 'Anh C', ageYears: 27, gender: 'male' } },
  { category: 'sexual_abuse', subject: { name: 'Em D', ageYears: 15, gender: 'female' } },
  { category: 'elderly_without_support', subject: { name: 'Cụ E', ageYears: 81, gender: 'male' } },
  { category: 'mental_illness', subject: { name: 'Anh G', ageYears: 42, gender: 'male' } },
];
const RISKS: TRiskLevel[] = ['high', 'medium', 'low'];

const usedPhones = new Set<string>();
/** A new Vinaphone-style number (091 + 7 digits) not used before in this run. */
function newPhone(rng: Rng): string {
  for (;;) {
    const p = `091${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
    if (!usedPhones.has(p)) {
      usedPhones.add(p);
      return p;
    }
  }
}

function caseIntake(rng: Rng, commune: string, kind = rng.pick(CASE_KINDS), riskLevel = rng.pick(RISKS)) {
  return {
    category: kind.category,
    subCategories: [CATEGORIES[kind.category][0]],
    riskLevel,
    subjects: [kind.subject],
    location: { provinceCode: PROVINCE, communeCode: commune },
    summary: 'Bench (scale): người gọi báo tin, tư vấn viên ghi nhận và chuyển tuyến.',
    consent: { given: true, method: 'verbal' },
  };
}

interface CallCreated {
  call: { id: string };
  case: { id: string } | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Round-robin over a phase's sessions of one role, by sample index. */
const by = (sessions: Session[], i: number) => sessions[Math.abs(i) % sessions.length]!;

/** Time from POST /api/calls to the first referral of the case existing (polled by its derived id, or on the case page). */
async function routingRound(ctx: PhaseContext, s: Session, timeoutMs: number): Promise<{ ms: number; referralId: string }> {
  const t = performance.now();
  const kind = CASE_KINDS[0]!;
  const created = await s.post<CallCreated>('/api/calls', {
    channel: 'phone', caller: { phone: newPhone(ctx.rng), relationship: 'neighbour' }, outcome: 'case_opened', clientRequestId: randomUUID(),
    case: caseIntake(ctx.rng, ctx.collaboratorCommune, kind, 'high'),
  });
  const caseId = created.body.case!.id;
  const firstOffer = roundReferralId(new Types.ObjectId(caseId), 1, 0).toHexString();
  for (let poll = 1; ; poll++) {
    if (poll % 10 === 0) {
      // Also on the case page, in case referral ids stop being derived from (case, round, slot).
      const view = await s.get<{ referrals?: { id: string; round: number }[] }>(`/api/cases/${caseId}`);
      const r = view.body.referrals?.[0];
      if (r) return { ms: performance.now() - t, referralId: r.id };
    } else {
      const r = await s.get<{ id: string }>(`/api/referrals/${firstOffer}`, [200, 404]);
      if (r.status === 200) return { ms: performance.now() - t, referralId: r.body.id };
    }
    if (performance.now() - t > timeoutMs) throw new Error(`no referral for case ${caseId} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Floor {
  n: number;
  p50: number;
  p95: number;
}

export interface PhaseResult {
  ops: Record<OpName, OpFigures>;
  /**
   * GET /readyz (a database ping and a Redis ping through the API: no work that grows with the data),
   * sampled every 250 ms from one more client all through the phase: how loaded the machine was.
   */
  floor: Floor;
}

/**
 * Day one of the year's busiest caller: one case opened and calls attached to it until the number has
 * the most calls a lookup lists. The empty phase then looks up a number whose visible history is as long
 * as it will be after a year (the lookup lists at most RECENT_CALLS_KEPT calls and 20 open cases); only
 * the thousands of calls behind it differ.
 */
export async function seedBusiestCallerDayOne(ctx: PhaseContext, calls: number): Promise<void> {
  const counsellor = ctx.counsellors[0]!;
  const opened = await counsellor.post<CallCreated>('/api/calls', {
    channel: 'phone', caller: { phone: ctx.busiestCaller, relationship: 'self' }, outcome: 'case_opened', clientRequestId: randomUUID(),
    durationSeconds: 300, case: caseIntake(ctx.rng, ctx.rng.pick(ctx.communes)),
  });
  const caseId = opened.body.case?.id;
  if (!caseId) throw new Error("the busiest caller's first call opened no case");
  for (let i = 1; i < calls; i++) {
    await counsellor.post('/api/calls', {
      channel: 'phone', caller: { phone: ctx.busiestCaller, relationship: 'self' }, outcome: 'attached_to_case', caseId, clientRequestId: randomUUID(), durationSeconds: 60,
    });
  }
}

export async function runPhase(ctx: PhaseContext, o: PhaseOptions): Promise<PhaseResult> {
  const out = {} as Record<OpName, OpFigures>;
  const floorTimes: number[] = [];
  let phaseDone = false;
  const floorLoop = (async () => {
    while (!phaseDone) {
      try {
        floorTimes.push((await call(ctx.counsellors[0]!.base, 'GET', '/readyz')).ms);
      } catch {
        /* counted by its absence */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const run = async (name: OpName, fn: (i: number) => Promise<number | void>, extra: Partial<PhaseOptions> = {}) => {
    await ctx.settle();
    const t = Date.now();
    out[name] = await sample({ samples: o.samples, clients: o.clients, warmup: o.warmup, budgetMs: o.budgetMs, ...extra }, fn);
    const f = out[name];
    ctx.log(`  ${name.padEnd(26)} n=${String(f.n).padStart(3)} p50 ${String(f.p50).padStart(8)} ms  p95 ${String(f.p95).padStart(8)} ms  (${((Date.now() - t) / 1000).toFixed(1)} s${f.errors ? `, ${f.errors} errors: ${f.firstError}` : ''}${f.cut ? ', cut by the time budget' : ''})`);
  };

  await run('login', async (i) => {
    const email = ctx.loginEmails[Math.abs(i) % ctx.loginEmails.length]!;
    const t = performance.now();
    const r = await fetch(`${ctx.counsellors[0]!.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: ctx.password }) });
    await r.text();
    if (r.status !== 200) throw new HttpError(r.status, 'POST /api/auth/login', '');
    return performance.now() - t;
  });

  // New callers opening cases. The first phase keeps them: every phase then reads the same cases and numbers.
  const opened: LoggedCase[] = [];
  await run('log call (new case)', async (i) => {
    const phone = newPhone(ctx.rng);
    const r = await by(ctx.counsellors, i).post<CallCreated>('/api/calls', {
      channel: 'phone', caller: { phone, name: 'Người gọi (bench)', relationship: 'neighbour' }, outcome: 'case_opened', clientRequestId: randomUUID(),
      durationSeconds: 240, case: caseIntake(ctx.rng, ctx.rng.pick(ctx.communes)),
    });
    if (i >= 0 && r.body.case) opened.push({ caseId: r.body.case.id, phone });
  });
  if (ctx.known.length === 0) ctx.known.push(...opened);
  const known = ctx.known;
  if (known.length === 0) throw new Error('no case was opened: nothing to read');

  // Routing rounds: cases in the demo collaborator's commune, offered to its partner first (tier 0);
  // their offers are what the collaborator accepts below.
  const offers: string[] = [];
  await run('routing round', async (i) => {
    const r = await routingRound(ctx, by(ctx.counsellors, i), o.routingTimeoutMs);
    if (i >= 0) offers.push(r.referralId);
    return r.ms;
  }, { samples: Math.max(5, Math.round(o.samples * 0.8)) });

  await run('log call (repeat caller)', async (i) => {
    const k = known[Math.abs(i) % known.length]!;
    await by(ctx.counsellors, i).post<CallCreated>('/api/calls', {
      channel: 'phone', caller: { phone: k.phone, relationship: 'neighbour' }, outcome: 'attached_to_case', caseId: k.caseId, clientRequestId: randomUUID(), durationSeconds: 120,
    });
  });

  await run('case page', async (i) => {
    await by(ctx.counsellors, i).get(`/api/cases/${known[Math.abs(i) % known.length]!.caseId}`);
  });

  await run('caller lookup', async (i) => {
    await by(ctx.counsellors, i).get(`/api/callers/lookup?phone=${encodeURIComponent(known[Math.abs(i) % known.length]!.phone)}`);
  });

  await run('caller lookup (busiest)', async (i) => {
    await by(ctx.counsellors, i).get(`/api/callers/lookup?phone=${encodeURIComponent(ctx.busiestCaller)}`);
  });

  // What a counsellor types to find a case (names and places of the seeded vocabulary, a number, a caller's phone):
  // the same queries in both phases; each is one lookup per (province, word), ranked in memory.
  const searches = ['nguyen thi lan', 'tran minh chau', 'hoang nam', 'thu hang ba dinh', 'pham van hai', 'lan thon', '123', 'duc huy', 'vo ngoc tram'];
  await run('case search', async (i) => {
    const n = Math.abs(i);
    const q = n % 4 === 3 ? known[n % known.length]!.phone : searches[n % searches.length]!;
    await by(ctx.counsellors, i).get(`/api/search?q=${encodeURIComponent(q)}&limit=20`);
  });

  await run('queue summary', async (i) => {
    await by(ctx.managers, i).get('/api/queues/summary');
  });

  const list = (cursor?: string) => `/api/cases?${ctx.listQuery}&limit=${ctx.listLimit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
  // Page 5 must exist: on the near-empty database, open (untimed) cases until the list has five pages.
  let listed = 0;
  let cursor: string | null = null;
  for (let page = 1; page <= 5; page++) {
    const r: Page<unknown> = (await ctx.supervisors[0]!.get<Page<unknown>>(list(cursor ?? undefined))).body;
    listed += r.items.length;
    cursor = r.nextCursor;
    if (!cursor) break;
  }
  if (listed < 5 * ctx.listLimit || !cursor) {
    const more = 5 * ctx.listLimit + 1 - listed;
    ctx.log(`  (opening ${more} more cases, untimed, so that the case list has five pages)`);
    for (let i = 0; i < more; i++) {
      await by(ctx.counsellors, i).post<CallCreated>('/api/calls', {
        channel: 'phone', caller: { phone: newPhone(ctx.rng), relationship: 'neighbour' }, outcome: 'case_opened', clientRequestId: randomUUID(), case: caseIntake(ctx.rng, ctx.rng.pick(ctx.communes)),
      });
    }
    await ctx.settle();
  }
  await run('case list page 1', async (i) => {
    await by(ctx.supervisors, i).get(list());
  });

  await run('case list page 5', async (i) => {
    const s = by(ctx.supervisors, i);
    let cursor: string | null = null;
    for (let page = 1; page < 5; page++) {
      cursor = (await s.get<Page<unknown>>(list(cursor ?? undefined))).body.nextCursor;
      if (!cursor) throw new Error(`the case list (${ctx.listQuery}, ${ctx.listLimit} a page) has fewer than 5 pages`);
    }
    return (await s.get(list(cursor!))).ms;
  });

  await run('collaborator inbox', async (i) => {
    await by(ctx.collaborators, i).get('/api/referrals?limit=100');
  });

  // Offers to accept: this phase's routing rounds, topped up from the inbox's open offers.
  if (offers.length < o.samples + o.warmup) {
    const open = await ctx.collaborators[0]!.get<Page<{ id: string; status: string }>>('/api/referrals?status=offered&limit=100');
    for (const r of open.body.items) if (r.status === 'offered' && !offers.includes(r.id)) offers.push(r.id);
  }
  let nextOffer = 0;
  await run('accept referral', async (i) => {
    const id = offers[nextOffer++];
    if (!id) throw new Error('no offered referral left to accept');
    await by(ctx.collaborators, i).post(`/api/referrals/${id}/accept`, {});
  }, { samples: Math.min(o.samples, Math.max(0, offers.length - o.warmup)) });

  await run('SLA overview', async (i) => {
    await by(ctx.managers, i).get('/api/sla/overview');
  });

  phaseDone = true;
  await floorLoop;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { ops: out, floor: { n: floorTimes.length, p50: r1(percentile(floorTimes, 50)), p95: r1(percentile(floorTimes, 95)) } };
}
