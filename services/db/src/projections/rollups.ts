/**
 * Daily rollups: the reports' counts per (Vietnamese day, province), kept
 * with each change so a year's report reads a few hundred small documents
 * per province instead of every call and case.
 *
 * Applied by the case outbox relay (calls that open or join a case, cases
 * opened and closed, referral offers and answers), by `insertCall` for lone
 * calls, and by the SLA stats projection (deadlines met or breached). Each
 * source fact has a marker derived from what it counts (`c<callId>`,
 * `o<caseId>`, `x<timeline event id>`, `r<referralId>~<outcome>`,
 * `d<deadlineId>~met`): one conditional upsert guarded by the marker adds
 * the counts and the marker together, so a relay rerun after a crash counts
 * nothing twice. `rebuildRollups` recomputes every document from the source
 * collections, markers included.
 */
import { vietnamDay, type TCategory, type TPersonGroup } from '@hotline/core';
import { DailyRollupModel } from '../models/daily-rollup';
import type { CaseDoc, OutboxEntry } from '../models/case';
import type { CallDoc } from '../models/call';
import { CallerCallsModel } from '../models/caller-calls';
import { PartnerModel } from '../models/partner';
import { ReferralModel, type ReferralDoc } from '../models/referral';
import type { DeadlineDoc } from '../models/deadline';
import { faultPoint } from '../fault-points';
import { announceLateLine, readCountsDocs, type CountsDoc } from './rollup-compaction';
import { callKey, caseKey, durationKey, referralKey, repeatKey, slaKey, type CaseDims, type ReferralOutcome } from './rollup-keys';

/** One source fact's contribution to one day's document. */
export interface RollupLine {
  marker: string;
  day: string;
  provinceCode: string;
  inc: Record<string, number>;
}

export const rollupId = (day: string, provinceCode: string) => `${day}|${provinceCode}`;

/** The case fields a rollup line needs (the relay reads them with the outbox). */
export const ROLLUP_CASE_FIELDS = { provinceCode: 1, category: 1, riskLevel: 1, 'location.communeCode': 1, 'subjects.group': 1, createdAt: 1 } as const;
export type RollupCase = Pick<CaseDoc, '_id' | 'provinceCode' | 'category' | 'riskLevel' | 'createdAt'> & {
  location?: { communeCode?: string | null };
  subjects?: { group?: TPersonGroup }[];
};

const caseDims = (c: RollupCase): CaseDims => ({
  category: c.category, riskLevel: c.riskLevel, communeCode: c.location?.communeCode ?? null, group: c.subjects?.[0]?.group ?? null,
});

const minutesBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;

/** A call's line; `repeat` when the same number called the same province before. */
export function callLine(call: Pick<CallDoc, '_id' | 'channel' | 'outcome' | 'provinceCode' | 'startedAt'>, repeat: boolean): RollupLine | null {
  if (!call.provinceCode) return null;
  return {
    marker: `c${call._id.toHexString()}`, day: vietnamDay(call.startedAt), provinceCode: call.provinceCode,
    inc: { [callKey(call.channel, call.outcome)]: 1, ...(repeat ? { [repeatKey(call.channel)]: 1 } : {}) },
  };
}

export const openedLine = (c: RollupCase): RollupLine => ({
  marker: `o${c._id.toHexString()}`, day: vietnamDay(c.createdAt), provinceCode: c.provinceCode, inc: { [caseKey('open', caseDims(c))]: 1 },
});

export const closedLine = (c: RollupCase, eventId: string, at: Date): RollupLine => ({
  marker: `x${eventId}`, day: vietnamDay(at), provinceCode: c.provinceCode, inc: { [caseKey('close', caseDims(c))]: 1 },
});

type RefFacts = Pick<ReferralDoc, '_id' | 'partnerId' | 'provinceCode' | 'offeredAt' | 'answeredAt' | 'contactedAt'>;

/** A referral's line for one outcome (or first contact), with the time it took where it has one. */
export function referralLine(r: RefFacts, category: TCategory, partnerKind: string, outcome: ReferralOutcome | 'contacted', at: Date): RollupLine | null {
  const inc: Record<string, number> = {};
  if (outcome === 'contacted') {
    if (!r.contactedAt || !r.answeredAt) return null;
    inc[durationKey('ttc', category, minutesBetween(r.answeredAt, r.contactedAt))] = 1;
  } else {
    inc[referralKey(category, partnerKind, r.partnerId.toHexString(), outcome)] = 1;
    if (outcome === 'accepted' && r.answeredAt) inc[durationKey('tta', category, minutesBetween(r.offeredAt, r.answeredAt))] = 1;
  }
  return { marker: `r${r._id.toHexString()}~${outcome}`, day: vietnamDay(at), provinceCode: r.provinceCode, inc };
}

type DeadlineFacts = Pick<DeadlineDoc, '_id' | 'provinceCode' | 'category' | 'riskLevel' | 'kind' | 'state' | 'metAt' | 'breachedAt'>;

/** A deadline counts once as breached (when it was) or as met on time. */
export function deadlineLine(d: DeadlineFacts): RollupLine | null {
  const outcome = d.breachedAt ? 'breached' : d.state === 'met' && d.metAt ? 'met' : null;
  if (!outcome || !d.riskLevel) return null;
  const at = outcome === 'breached' ? d.breachedAt! : d.metAt!;
  return { marker: `d${d._id.toHexString()}~${outcome}`, day: vietnamDay(at), provinceCode: d.provinceCode, inc: { [slaKey(d.kind, d.category, d.riskLevel, outcome)]: 1 } };
}

/**
 * Adds a line once: the update matches only while the marker is absent; when
 * it is present the upsert's insert collides on `_id` (counted already).
 */
export async function applyRollupLine(line: RollupLine): Promise<boolean> {
  const _id = rollupId(line.day, line.provinceCode);
  // A line for a day that is already over first marks that day's (and month's) compacted counts stale.
  await announceLateLine(line.day, line.provinceCode);
  try {
    const r = await DailyRollupModel.collection.updateOne(
      { _id, ev: { $ne: line.marker } } as never,
      { $inc: Object.fromEntries(Object.entries(line.inc).map(([k, n]) => [`c.${k}`, n])), $push: { ev: line.marker }, $setOnInsert: { day: line.day, month: line.day.slice(0, 7), provinceCode: line.provinceCode } } as never,
      { upsert: true },
    );
    return r.modifiedCount + r.upsertedCount > 0;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

async function applyLines(lines: (RollupLine | null)[]): Promise<void> {
  let applied = 0;
  for (const line of lines) {
    if (!line) continue;
    await applyRollupLine(line);
    if (++applied === 1) await faultPoint('rollups.after-first-line');
  }
}

/** Partner kinds change rarely and are read per referral event: a small per-process memo. */
const partnerKinds = new Map<string, string>();
async function partnerKindOf(id: string): Promise<string> {
  let kind = partnerKinds.get(id);
  if (!kind) {
    const p = await PartnerModel.findById(id, { kind: 1 }).lean();
    kind = p?.kind ?? 'agency';
    if (partnerKinds.size > 5000) partnerKinds.clear();
    partnerKinds.set(id, kind);
  }
  return kind;
}

/** Did this number call this province before `call`? (Read from its recent-call list.) */
async function isRepeatCall(call: Pick<CallDoc, '_id' | 'callerPhoneHash' | 'provinceCode' | 'startedAt'>): Promise<boolean> {
  if (!call.callerPhoneHash || !call.provinceCode) return false;
  const doc = await CallerCallsModel.findById(call.callerPhoneHash).lean();
  const refs = doc?.byProvince?.[call.provinceCode] ?? [];
  return refs.some((r) => !r.callId.equals(call._id) && new Date(r.startedAt) < call.startedAt);
}

const REFERRAL_EVENT_OUTCOMES: Record<string, ReferralOutcome | 'contacted'> = {
  'referral.offered': 'offered', 'referral.accepted': 'accepted', 'referral.declined': 'declined', 'referral.expired': 'expired', 'referral.contacted': 'contacted',
};

/** The relay's part: the lines of a case's outbox events, each applied once. */
export async function applyCaseEventsToRollups(kase: RollupCase, entries: readonly OutboxEntry[]): Promise<void> {
  const lines: (RollupLine | null)[] = [];
  for (const e of entries) {
    if (e.type === 'call.logged' && e.call) lines.push(callLine(e.call, await isRepeatCall(e.call)));
    else if (e.type === 'case.opened') lines.push(openedLine(kase));
    else if (e.type === 'case.status_changed' && e.data.to === 'closed') lines.push(closedLine(kase, e.eventId, new Date(e.at)));
    else if (REFERRAL_EVENT_OUTCOMES[e.type] && typeof e.data.referralId === 'string') {
      const r = await ReferralModel.findById(e.data.referralId, { partnerId: 1, provinceCode: 1, offeredAt: 1, answeredAt: 1, contactedAt: 1 }).lean<RefFacts>();
      if (r) lines.push(referralLine(r, kase.category, await partnerKindOf(r.partnerId.toHexString()), REFERRAL_EVENT_OUTCOMES[e.type]!, new Date(e.at)));
    }
  }
  await applyLines(lines);
}

/** A lone call (no case): counted after it is inserted. */
export async function applyCallToRollups(call: CallDoc): Promise<void> {
  await applyLines([callLine(call, await isRepeatCall(call))]);
}

/** A deadline that was met or breached: counted by the SLA stats projection. */
export async function applyDeadlineToRollups(d: DeadlineFacts): Promise<void> {
  await applyLines([deadlineLine(d)]);
}

/**
 * The counts of `provinces` between two days (inclusive): compacted months and days where they are
 * clean, daily documents for today and for periods a late fact changed (rollup-compaction.ts).
 */
export async function readRollups(provinces: readonly string[], from: string, to: string, now = new Date()): Promise<CountsDoc[]> {
  return readCountsDocs(provinces, from, to, now);
}
