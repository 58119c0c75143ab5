/**
 * Deadline writes and reads. Every change of a deadline is a conditional
 * update on its `version` (single-document atomic; no transactions), so two
 * workers or an API request racing a worker cannot both apply a step.
 */
import { Types } from 'mongoose';
import { OPEN_CASE_STATUSES, type TCategory, type TSlaBreachQuery } from '@hotline/core';
import { DeadlineModel, type DeadlineDoc, type DeadlineEffect } from '../models/deadline';
import { CaseModel } from '../models/case';
import { isDuplicateKey } from './calls';

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);

export async function deadlinesOfCase(caseId: string | Types.ObjectId): Promise<DeadlineDoc[]> {
  return DeadlineModel.find({ caseId: oid(caseId) }).sort({ dueAt: 1, key: 1 }).lean();
}

export async function findDeadlineById(id: string | Types.ObjectId): Promise<DeadlineDoc | null> {
  if (typeof id === 'string' && !Types.ObjectId.isValid(id)) return null;
  return DeadlineModel.findById(oid(id)).lean();
}

/** Inserts a new deadline; when (case, key) exists already (a racing sync), returns the stored one. */
export async function insertDeadline(doc: DeadlineDoc): Promise<{ doc: DeadlineDoc; inserted: boolean }> {
  try {
    await DeadlineModel.collection.insertOne(doc);
    return { doc, inserted: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await DeadlineModel.findOne({ caseId: doc.caseId, key: doc.key }).lean();
    if (!existing) throw err;
    return { doc: existing, inserted: false };
  }
}

/**
 * Applies `set` if the deadline is still at `version` (and bumps it). With
 * `effect`, the step is recorded as claimed in the same write. Returns the
 * new document, or null when someone else changed it first.
 */
export async function updateDeadlineIf(
  d: Pick<DeadlineDoc, '_id' | 'version'>,
  set: Partial<DeadlineDoc>,
  effect?: DeadlineEffect,
): Promise<DeadlineDoc | null> {
  const update: Record<string, unknown> = { $set: { ...set, updatedAt: new Date() }, $inc: { version: 1 } };
  if (effect) update.$push = { effects: effect };
  return DeadlineModel.findOneAndUpdate({ _id: d._id, version: d.version }, update, { new: true }).lean();
}

/**
 * The notices of a claimed step went out: pull the step, as it was read, out
 * of `effects`. Effects are only ever pushed whole and pulled whole, so the
 * element read is the element stored. By `_id` alone: FerretDB v1 reads the
 * whole collection for any other filter (and cannot `$pull` by condition).
 * The version moves on, so a writer holding an older read re-reads.
 */
export async function clearDeadlineEffect(d: Pick<DeadlineDoc, '_id' | 'effects'>, effectId: string): Promise<void> {
  const stored = d.effects.find((e) => e.id === effectId);
  if (!stored) return;
  // The driver's collection, not the model: mongoose would cast (and could reshape) the element to pull.
  await DeadlineModel.collection.updateOne({ _id: d._id }, { $pull: { effects: stored }, $set: { updatedAt: new Date() }, $inc: { version: 1 } } as never);
}

/** Deadlines whose timer is due by `by`, in (nextAt, _id) order, a page at a time. */
export async function deadlinesDueBy(by: Date, limit: number, after?: { nextAt: Date; id: Types.ObjectId }): Promise<Pick<DeadlineDoc, '_id' | 'nextAt'>[]> {
  const filter: Record<string, unknown> = { nextAt: { $ne: null, $lte: by } };
  if (after) filter.$or = [{ nextAt: { $gt: after.nextAt, $lte: by } }, { nextAt: after.nextAt, _id: { $gt: after.id } }];
  return DeadlineModel.find(filter, { _id: 1, nextAt: 1 }).sort({ nextAt: 1, _id: 1 }).limit(limit).lean();
}

/** Every deadline with a timer, by _id pages (the reconciler's full rebuild). */
export async function deadlinesWithTimers(limit: number, afterId?: Types.ObjectId): Promise<Pick<DeadlineDoc, '_id' | 'nextAt'>[]> {
  const filter: Record<string, unknown> = { nextAt: { $ne: null } };
  if (afterId) filter._id = { $gt: afterId };
  return DeadlineModel.find(filter, { _id: 1, nextAt: 1 }).sort({ _id: 1 }).limit(limit).lean();
}

/** Deadlines with a claimed step whose notices were not confirmed (a crash between claim and notice). */
export async function deadlinesWithStaleEffects(olderThan: Date, limit = 200): Promise<DeadlineDoc[]> {
  return DeadlineModel.find({ 'effects.at': { $lt: olderThan } }).limit(limit).lean();
}

export interface DeadlineScope {
  /** null: every province. */
  provinces: string[] | null;
}

export async function listBreaches(q: TSlaBreachQuery, scope: DeadlineScope): Promise<{ items: DeadlineDoc[]; references: Map<string, string>; nextCursor: string | null }> {
  const filter: Record<string, unknown> = { breachedAt: { $ne: null } };
  if (q.province) filter.provinceCode = q.province;
  else if (scope.provinces) filter.provinceCode = { $in: scope.provinces };
  if (q.category) filter.category = q.category;
  if (q.riskLevel) filter.riskLevel = q.riskLevel;
  if (q.kind) filter.kind = q.kind;
  if (q.open === 'true') filter.state = 'breached';
  if (q.open === 'false') filter.state = { $ne: 'breached' };
  const range: Record<string, Date> = {};
  if (q.since) range.$gte = new Date(q.since);
  if (q.until) range.$lt = new Date(q.until);
  if (Object.keys(range).length) filter.breachedAt = { $ne: null, ...range };
  if (q.cursor) filter._id = { $lt: new Types.ObjectId(q.cursor) };
  const rows = await DeadlineModel.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean();
  const items = rows.slice(0, q.limit);
  const cases = await CaseModel.find({ _id: { $in: [...new Set(items.map((d) => d.caseId.toHexString()))].map((id) => new Types.ObjectId(id)) } }, { reference: 1 }).lean();
  const references = new Map(cases.map((c) => [c._id.toHexString(), c.reference]));
  const last = items[items.length - 1];
  return { items, references, nextCursor: rows.length > q.limit && last ? last._id.toHexString() : null };
}

export interface SlaOverviewRowData {
  provinceCode: string;
  category: TCategory;
  open: { pending: number; breached: number };
  breachesToday: number;
  breachesThisWeek: number;
  medianMinutesToAccept: number | null;
  medianMinutesToFirstContact: number | null;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return Math.round((s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2) * 10) / 10;
};

/**
 * Per province × category: open deadlines by state, breaches since the two
 * instants given, and median minutes to accept / first contact since
 * `metSince`. Counting with $group/$sum; medians in code (no $push here).
 */
export async function slaOverview(scope: DeadlineScope, since: { today: Date; week: Date; metSince: Date }): Promise<SlaOverviewRowData[]> {
  const province = scope.provinces ? { provinceCode: { $in: scope.provinces } } : {};
  const rows = new Map<string, SlaOverviewRowData>();
  const row = (p: string, c: TCategory) => {
    const k = `${p}|${c}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { provinceCode: p, category: c, open: { pending: 0, breached: 0 }, breachesToday: 0, breachesThisWeek: 0, medianMinutesToAccept: null, medianMinutesToFirstContact: null }));
    return r;
  };
  type G = { _id: { p: string; c: TCategory; s: string }; n: number };
  const open = await DeadlineModel.aggregate<G>([
    { $match: { ...province, state: { $in: ['pending', 'breached'] } } },
    { $group: { _id: { p: '$provinceCode', c: '$category', s: '$state' }, n: { $sum: 1 } } },
  ]);
  for (const g of open) row(g._id.p, g._id.c).open[g._id.s as 'pending' | 'breached'] = g.n;
  const week = await DeadlineModel.find({ ...province, breachedAt: { $gte: since.week } }, { provinceCode: 1, category: 1, breachedAt: 1 }).lean();
  for (const d of week) {
    const r = row(d.provinceCode, d.category);
    r.breachesThisWeek++;
    if (d.breachedAt && d.breachedAt >= since.today) r.breachesToday++;
  }
  const met = await DeadlineModel.find(
    { ...province, kind: { $in: ['accept', 'first_contact'] }, state: 'met', metAt: { $gte: since.metSince } },
    { provinceCode: 1, category: 1, kind: 1, startsAt: 1, metAt: 1 },
  ).lean();
  const minutes = new Map<string, { accept: number[]; contact: number[] }>();
  for (const d of met) {
    const k = `${d.provinceCode}|${d.category}`;
    row(d.provinceCode, d.category);
    const m = minutes.get(k) ?? { accept: [], contact: [] };
    minutes.set(k, m);
    (d.kind === 'accept' ? m.accept : m.contact).push((d.metAt!.getTime() - d.startsAt.getTime()) / 60_000);
  }
  for (const [k, m] of minutes) {
    const r = rows.get(k)!;
    r.medianMinutesToAccept = median(m.accept);
    r.medianMinutesToFirstContact = median(m.contact);
  }
  return [...rows.values()].sort((a, b) => a.provinceCode.localeCompare(b.provinceCode) || a.category.localeCompare(b.category));
}

/** Open cases (not new, not closed) that have no deadline yet: the reconciler plans them. */
export async function casesWithoutDeadlines(updatedSince: Date, noDeadlineCategories: readonly string[], limit = 200): Promise<Types.ObjectId[]> {
  const recent = await CaseModel.find({ status: { $in: OPEN_CASE_STATUSES.filter((s) => s !== 'new') }, category: { $nin: [...noDeadlineCategories] }, updatedAt: { $gte: updatedSince } }, { _id: 1 })
    .sort({ updatedAt: -1 })
    .limit(limit)
    .lean();
  if (recent.length === 0) return [];
  const planned = await DeadlineModel.distinct('caseId', { caseId: { $in: recent.map((c) => c._id) } });
  const have = new Set(planned.map((id) => String(id)));
  return recent.map((c) => c._id).filter((id) => !have.has(id.toHexString()));
}
