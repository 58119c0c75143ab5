/**
 * Per-partner routing stats (open referrals, 90-day acceptance and answer
 * times), kept next to the referrals instead of recomputed from them on every
 * routing job. See `PartnerStatsDoc` for the shape and the 90-day window.
 */
import { Types } from 'mongoose';
import { OPEN_REFERRAL_STATUSES, PROVINCE_CODES, type PartnerLoad, type TReferralStatus } from '@hotline/core';
import { PartnerStatsModel, type PartnerStatsDoc, type PartnerStatsEntry } from '../models/partner-stats';
import { ReferralModel, type ReferralDoc } from '../models/referral';
import { PartnerModel } from '../models/partner';

/** Acceptance rate and median answer time look back this far (by offer time). */
export const STATS_WINDOW_MS = 90 * 24 * 3600_000;

export type StatsSource = Pick<ReferralDoc, '_id' | 'partnerId' | 'provinceCode' | 'status' | 'offeredAt' | 'answeredAt'>;

const ACCEPTED: readonly TReferralStatus[] = ['accepted', 'contacted', 'completed'];
/** Offers that say nothing about the partner: still waiting, or taken back by us. */
const UNDECIDED: readonly TReferralStatus[] = ['offered', 'withdrawn', 'cancelled'];

/** What the stats should hold for this referral in its current state. */
function statsOf(r: StatsSource): { open: boolean; decided: PartnerStatsEntry | null } {
  return {
    open: OPEN_REFERRAL_STATUSES.includes(r.status),
    decided: UNDECIDED.includes(r.status)
      ? null
      : { offeredAt: r.offeredAt, accepted: ACCEPTED.includes(r.status), minutes: r.answeredAt ? (r.answeredAt.getTime() - r.offeredAt.getTime()) / 60_000 : null },
  };
}

/**
 * Brings the partner's stats in line with the referral's current state: one
 * atomic single-document update (`$set`/`$unset` of the referral's own keys),
 * so repeating it is harmless. Called after every referral transition.
 */
export async function recordReferralStats(r: StatsSource, now = new Date()): Promise<void> {
  const key = r._id.toHexString();
  const s = statsOf(r);
  const $set: Record<string, unknown> = { updatedAt: now, provinceCode: r.provinceCode };
  const $unset: Record<string, ''> = {};
  if (s.open) $set[`open.${key}`] = true;
  else $unset[`open.${key}`] = '';
  if (s.decided) $set[`decided.${key}`] = s.decided;
  else $unset[`decided.${key}`] = '';
  await PartnerStatsModel.collection.updateOne({ _id: r.partnerId }, Object.keys($unset).length ? { $set, $unset } : { $set }, { upsert: true });
}

/**
 * Open referrals, 90-day acceptance and answer times of each partner (the
 * ranking's input): the stats of the routing province in one indexed read,
 * any other partner's by id.
 */
export async function partnerLoads(partnerIds: Types.ObjectId[], now = new Date(), provinceCode?: string): Promise<Map<string, PartnerLoad>> {
  const loads = new Map<string, PartnerLoad>(partnerIds.map((id) => [id.toHexString(), { openReferrals: 0, decided90: 0, accepted90: 0, responseMinutes: [] }]));
  if (partnerIds.length === 0) return loads;
  const since = now.getTime() - STATS_WINDOW_MS;
  const docs = (provinceCode ? await PartnerStatsModel.collection.find({ provinceCode }).toArray() : []) as PartnerStatsDoc[];
  const found = new Set(docs.map((d) => d._id.toHexString()));
  const others = partnerIds.filter((id) => !found.has(id.toHexString()));
  docs.push(...((await Promise.all(others.map((_id) => PartnerStatsModel.collection.findOne({ _id })))).filter((d) => d !== null) as PartnerStatsDoc[]));
  for (const d of docs) {
    const load = loads.get(d._id.toHexString());
    if (!load) continue;
    load.openReferrals = Object.keys(d.open ?? {}).length;
    for (const e of Object.values(d.decided ?? {})) {
      if (e.offeredAt.getTime() < since) continue; // older than 90 days: no longer counts (the repair drops it)
      load.decided90++;
      if (e.accepted) load.accepted90++;
      if (e.minutes !== null) load.responseMinutes.push(e.minutes);
    }
  }
  return loads;
}

const sameEntry = (a: PartnerStatsEntry | undefined, b: PartnerStatsEntry | null) =>
  a === undefined || b === null ? a === undefined && b === null : a.offeredAt.getTime() === b.offeredAt.getTime() && a.accepted === b.accepted && a.minutes === b.minutes;

const STATS_FIELDS = { partnerId: 1, provinceCode: 1, status: 1, offeredAt: 1, answeredAt: 1, updatedAt: 1 } as const;
type StatsRow = StatsSource & Pick<ReferralDoc, 'updatedAt'>;

/**
 * Recomputes one partner's stats from its own referrals (one indexed read by
 * partner), drops entries older than 90 days and repairs whatever a crash left
 * between a referral write and its stats write. Referrals changed in the last
 * `settleMs` are left alone (their own stats write may be in flight).
 * Returns whether it changed anything.
 */
async function repairStatsOfPartner(partnerId: Types.ObjectId, provinceCode: string, since: Date, settled: number, now: Date): Promise<boolean> {
  const [rows, doc] = await Promise.all([
    ReferralModel.find({ partnerId }, STATS_FIELDS).lean<StatsRow[]>(),
    PartnerStatsModel.collection.findOne({ _id: partnerId }) as Promise<PartnerStatsDoc | null>,
  ]);
  const byId = new Map(rows.map((r) => [r._id.toHexString(), r]));
  const keys = new Set([...byId.keys(), ...Object.keys(doc?.open ?? {}), ...Object.keys(doc?.decided ?? {})]);
  const $set: Record<string, unknown> = doc?.provinceCode === provinceCode ? {} : { provinceCode };
  const $unset: Record<string, ''> = {};
  for (const key of keys) {
    const r = byId.get(key);
    if (r && r.updatedAt.getTime() > settled) continue;
    const want = r ? statsOf(r) : { open: false, decided: null };
    if (want.decided && want.decided.offeredAt < since) want.decided = null;
    if (want.open !== (doc?.open?.[key] === true)) {
      if (want.open) $set[`open.${key}`] = true;
      else $unset[`open.${key}`] = '';
    }
    if (!sameEntry(doc?.decided?.[key], want.decided)) {
      if (want.decided) $set[`decided.${key}`] = want.decided;
      else $unset[`decided.${key}`] = '';
    }
  }
  if (Object.keys($set).length + Object.keys($unset).length === 0) return false;
  await PartnerStatsModel.collection.updateOne(
    { _id: partnerId },
    { $set: { ...$set, updatedAt: now }, ...(Object.keys($unset).length ? { $unset } : {}) },
    { upsert: true },
  );
  return true;
}

/**
 * The stats sweep, run by the reconciler over a few provinces at a time:
 * repairs the stats of every partner of `provinces` (see repairStatsOfPartner).
 * Returns how many partners' stats it changed.
 */
export async function repairPartnerStats(now = new Date(), settleMs = 60_000, provinces: readonly string[] = PROVINCE_CODES): Promise<number> {
  const since = new Date(now.getTime() - STATS_WINDOW_MS);
  const settled = now.getTime() - settleMs;
  let changed = 0;
  for (const provinceCode of provinces) {
    const partners = await PartnerModel.find({ provinceCode }, { _id: 1 }).lean();
    for (const p of partners) if (await repairStatsOfPartner(p._id, provinceCode, since, settled, now)) changed++;
  }
  return changed;
}
