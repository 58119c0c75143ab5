/**
 * Deadline writes and reads. Every change of a deadline is a conditional
 * update on its `version` (single-document atomic; no transactions), so two
 * workers or an API request racing a worker cannot both apply a step.
 */
import { Types } from 'mongoose';
import type { TSlaBreachQuery } from '@hotline/core';
import { DeadlineModel, deadlineQueryFields, timerHourOf, type DeadlineDoc, type DeadlineEffect } from '../models/deadline';
import { projectDeadlineStats } from '../projections/sla-stats';
import { findByIds, forEachValue, newestPage } from './by-ids';
import { CaseModel } from '../models/case';
import { isDuplicateKey } from './calls';
import { faultPoint } from '../fault-points';

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);

export async function deadlinesOfCase(caseId: string | Types.ObjectId): Promise<DeadlineDoc[]> {
  return DeadlineModel.find({ caseId: oid(caseId) }).sort({ dueAt: 1, key: 1 }).lean();
}

export async function findDeadlineById(id: string | Types.ObjectId): Promise<DeadlineDoc | null> {
  if (typeof id === 'string' && !Types.ObjectId.isValid(id)) return null;
  return DeadlineModel.findById(oid(id)).lean();
}

export type NewDeadline = Omit<DeadlineDoc, 'timed' | 'timerHour' | 'breached' | 'effectsPending' | 'statsPending'>;

/** Inserts a new deadline; when (case, key) exists already (a racing sync), returns the stored one. */
export async function insertDeadline(fields: NewDeadline): Promise<{ doc: DeadlineDoc; inserted: boolean }> {
  const doc: DeadlineDoc = { ...fields, timed: false, timerHour: null, breached: false, effectsPending: false, ...deadlineQueryFields(fields, fields.effects.length > 0), statsPending: true };
  try {
    await DeadlineModel.collection.insertOne(doc);
    await projectDeadlineStats(doc);
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
  const update: Record<string, unknown> = { $set: { ...set, ...deadlineQueryFields(set, effect !== undefined), updatedAt: new Date() }, $inc: { version: 1 } };
  if (effect) update.$push = { effects: effect };
  const updated = await DeadlineModel.findOneAndUpdate({ _id: d._id, version: d.version }, update, { new: true }).lean();
  if (!updated) return null;
  await faultPoint('deadline.after-write');
  await projectDeadlineStats(updated);
  return updated;
}

/**
 * The notices of a claimed step went out: pull the step, as it was read, out
 * of `effects`. Effects are only ever pushed whole and pulled whole, so the
 * element read is the element stored. By `_id` alone: FerretDB v1 reads the
 * whole collection for any other filter (and cannot `$pull` by condition).
 * The version moves on, so a writer holding an older read re-reads.
 */
export async function clearDeadlineEffect(d: Pick<DeadlineDoc, '_id' | 'effects'>, effectId: string): Promise<DeadlineDoc | null> {
  const stored = d.effects.find((e) => e.id === effectId);
  if (!stored) return null;
  // The driver's collection, not the model: mongoose would cast (and could reshape) the element to pull.
  // Returns the deadline as it now is (null: gone), so the caller need not read it again.
  return (await DeadlineModel.collection.findOneAndUpdate(
    { _id: d._id },
    { $pull: { effects: stored }, $set: { updatedAt: new Date() }, $inc: { version: 1 } } as never,
    { returnDocument: 'after' },
  )) as DeadlineDoc | null;
}

type TimerRow = Pick<DeadlineDoc, '_id' | 'nextAt'>;
const byTimer = (a: TimerRow, b: TimerRow) => a.nextAt!.getTime() - b.nextAt!.getTime() || a._id.toHexString().localeCompare(b._id.toHexString());

/** Deadlines whose timer falls in [from, by], in (nextAt, _id) order: one indexed read per UTC hour covered. */
export async function deadlinesDueBetween(from: Date, by: Date): Promise<TimerRow[]> {
  const hours: string[] = [];
  for (let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), from.getUTCHours()); t <= by.getTime(); t += 3600_000) hours.push(timerHourOf(new Date(t)));
  const rows = await forEachValue(hours, (timerHour) => DeadlineModel.find({ timerHour }, { _id: 1, nextAt: 1 }).lean<TimerRow[]>());
  return rows.filter((d) => d.nextAt && d.nextAt >= from && d.nextAt <= by).sort(byTimer);
}

/** Every deadline with a timer, in (nextAt, _id) order (the reconciler's full rebuild). */
export async function deadlinesWithTimers(): Promise<TimerRow[]> {
  const timed = await DeadlineModel.find({ timed: true }, { _id: 1, nextAt: 1 }).lean<TimerRow[]>();
  return timed.filter((d) => d.nextAt).sort(byTimer);
}

/**
 * Deadlines with a claimed step whose notices were not confirmed (a crash
 * between claim and notice). Flags left on deadlines whose effects are all
 * confirmed are cleared on the way (only if the deadline did not change).
 */
export async function deadlinesWithStaleEffects(olderThan: Date, limit = 200): Promise<DeadlineDoc[]> {
  const flagged = await DeadlineModel.find({ effectsPending: true }).lean();
  for (const d of flagged.filter((x) => x.effects.length === 0)) {
    await DeadlineModel.updateOne({ _id: d._id, version: d.version }, { $set: { effectsPending: false } });
  }
  return flagged.filter((d) => d.effects.some((e) => e.at < olderThan)).slice(0, limit);
}

export type { DeadlineScope } from '../projections/sla-stats';
import type { DeadlineScope } from '../projections/sla-stats';

export async function listBreaches(q: TSlaBreachQuery, scope: DeadlineScope): Promise<{ items: DeadlineDoc[]; references: Map<string, string>; nextCursor: string | null }> {
  const eq: Record<string, unknown> = { breached: true };
  if (q.category) eq.category = q.category;
  if (q.riskLevel) eq.riskLevel = q.riskLevel;
  if (q.kind) eq.kind = q.kind;
  if (q.open === 'true') eq.state = 'breached';
  const since = q.since ? new Date(q.since) : null;
  const until = q.until ? new Date(q.until) : null;
  const rows = await forEachValue(q.province ? [q.province] : scope.provinces, (provinceCode) =>
    DeadlineModel.find({ ...eq, ...(provinceCode ? { provinceCode } : {}) }).lean<DeadlineDoc[]>(),
  );
  const matching = rows.filter(
    (d) => d.breachedAt && (q.open !== 'false' || d.state !== 'breached') && (!since || d.breachedAt >= since) && (!until || d.breachedAt < until),
  );
  const { items, nextCursor } = newestPage(matching, q.limit, q.cursor);
  const cases = await findByIds(CaseModel, items.map((d) => d.caseId), { reference: 1 });
  const references = new Map(cases.map((c) => [c._id.toHexString(), c.reference]));
  return { items, references, nextCursor };
}

/** Open cases (not new, not closed) that have no deadline yet: the reconciler plans them. */
export async function casesWithoutDeadlines(updatedSince: Date, noDeadlineCategories: readonly string[], limit = 200): Promise<Types.ObjectId[]> {
  const open = await CaseModel.find({ open: true }, { _id: 1, status: 1, category: 1, updatedAt: 1 }).lean();
  const recent = open
    .filter((c) => c.status !== 'new' && !noDeadlineCategories.includes(c.category) && c.updatedAt >= updatedSince)
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
    .slice(0, limit);
  const planned = await Promise.all(recent.map((c) => DeadlineModel.findOne({ caseId: c._id }, { _id: 1 }).lean()));
  return recent.filter((_, i) => !planned[i]).map((c) => c._id);
}
