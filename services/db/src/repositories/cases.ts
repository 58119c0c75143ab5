/**
 * Case writes. Every change goes through `withOutbox`, so the change and its
 * timeline event are one atomic document update; the relay then moves the
 * event to timeline_events.
 */
import { Types } from 'mongoose';
import {
  assertTransition, formatCaseReference, isReopen, OPEN_CASE_STATUSES, referenceCounterKey, yearInVietnam,
  DomainError, type TActor, type TCaseListQuery, type TCaseStatus, type TTimelineEvent, type TSystemCause,
} from '@hotline/core';
import { CaseModel, type CaseDoc, type OutboxEntry } from '../models/case';
import type { CallDoc } from '../models/call';
import { TimelineEventModel } from '../models/timeline-event';
import { toTimelineEvent } from '../views';
import { faultPoint } from '../fault-points';
import { outboxEntry, relayCaseOutbox, withOutbox } from './case-outbox';
import { nextSequence } from './counters';
import { isDuplicateKey } from './calls';
import { cancelOpenReferrals, referralEvent } from './referrals';

export type NewCaseFields = Pick<
  CaseDoc,
  'category' | 'subCategories' | 'riskLevel' | 'subjects' | 'location' | 'summary' | 'consent' | 'createdBy' | 'assignedCounsellorId'
>;

export async function allocateCaseReference(provinceCode: string, at: Date): Promise<string> {
  const year = yearInVietnam(at);
  return formatCaseReference(provinceCode, year, await nextSequence(referenceCounterKey(provinceCode, year)));
}

/**
 * Opens a case from a call: one insert carrying the `case.opened` and
 * `call.logged` events (and the call itself) in its outbox. A second submit
 * with the same intake key returns the first case.
 */
export async function openCaseFromCall(
  fields: NewCaseFields,
  call: CallDoc,
  actor: TActor,
): Promise<{ case: CaseDoc; duplicate: boolean }> {
  const now = new Date();
  const caseId = call.caseId ?? new Types.ObjectId();
  const reference = await allocateCaseReference(fields.location.provinceCode, now);
  const events: OutboxEntry[] = [
    outboxEntry('case.opened', actor, { reference, category: fields.category, riskLevel: fields.riskLevel, callId: call._id.toHexString() }),
    outboxEntry('call.logged', actor, { callId: call._id.toHexString(), channel: call.channel, outcome: call.outcome }, call),
  ];
  const doc: CaseDoc = {
    _id: caseId,
    reference,
    intakeKey: call.intakeKey,
    status: 'new',
    ...fields,
    callIds: [call._id],
    callerPhoneHashes: call.caller.phoneHash ? [call.caller.phoneHash] : [],
    referredPartnerIds: [],
    routingRound: 0,
    routingState: 'none',
    acceptedReferralId: null,
    version: 1,
    outbox: events,
    outboxPending: true,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  };
  try {
    await CaseModel.collection.insertOne(doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await CaseModel.findOne({ intakeKey: call.intakeKey }).lean();
    if (!existing) throw err;
    return { case: existing, duplicate: true };
  }
  await faultPoint('case.after-insert');
  await relayCaseOutbox(caseId);
  return { case: doc, duplicate: false };
}

/** Attaches a call to an existing case (the call document travels in the outbox). */
export async function attachCallToCase(caseId: string, call: CallDoc, actor: TActor): Promise<CaseDoc | null> {
  const event = outboxEntry('call.logged', actor, { callId: call._id.toHexString(), channel: call.channel, outcome: call.outcome }, call);
  const update = withOutbox({}, [event]);
  const updated = await CaseModel.findOneAndUpdate(
    { _id: caseId },
    {
      ...update,
      $addToSet: {
        callIds: call._id,
        ...(call.caller.phoneHash ? { callerPhoneHashes: call.caller.phoneHash } : {}),
      },
    },
    { new: true },
  ).lean();
  if (updated) await relayCaseOutbox(updated._id);
  return updated;
}

export async function findCaseById(id: string | Types.ObjectId): Promise<CaseDoc | null> {
  if (typeof id === 'string' && !Types.ObjectId.isValid(id)) return null;
  return CaseModel.findById(id).lean();
}

export async function findCaseByIntakeKey(intakeKey: string): Promise<CaseDoc | null> {
  return CaseModel.findOne({ intakeKey }).lean();
}

/**
 * Moves a case to another status if the lifecycle allows it. The update is
 * conditional on the status read, so two racing changes cannot both apply.
 */
export async function changeCaseStatus(
  id: string | Types.ObjectId,
  to: TCaseStatus,
  reason: string | undefined,
  actor: TActor,
  extraData: Record<string, unknown> = {},
): Promise<CaseDoc> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await findCaseById(id);
    if (!current) throw new DomainError('case_not_found', 'No such case');
    assertTransition(current.status, to, reason);
    const type = isReopen(current.status, to) ? 'case.reopened' : 'case.status_changed';
    const event = outboxEntry(type, actor, { from: current.status, to, ...(reason ? { reason } : {}), ...extraData });
    const set: Record<string, unknown> = { status: to };
    if (to === 'closed') set.closedAt = new Date();
    if (current.status === 'closed') set.closedAt = null;
    const updated = await CaseModel.findOneAndUpdate({ _id: current._id, status: current.status }, withOutbox(set, [event]), { new: true }).lean();
    if (updated) {
      if (to === 'closed') {
        const cancelled = await cancelOpenReferrals(updated._id);
        if (cancelled.length) await CaseModel.updateOne({ _id: updated._id }, withOutbox({}, cancelled.map((r) => referralEvent('referral.cancelled', r, actor, { cause: 'case_closed' satisfies TSystemCause }))));
      }
      await relayCaseOutbox(updated._id);
      return updated;
    }
  }
  throw new DomainError('conflict', 'The case changed while this request was applied; try again');
}

/**
 * The triage job's write: new → triaged, once. Returns null when the case is
 * no longer new (already triaged by an earlier run of the same job).
 */
export async function markCaseTriaged(id: string | Types.ObjectId, actor: TActor, data: Record<string, unknown>): Promise<CaseDoc | null> {
  const event = outboxEntry('case.triaged', actor, { from: 'new', to: 'triaged', ...data });
  const updated = await CaseModel.findOneAndUpdate({ _id: id, status: 'new' }, withOutbox({ status: 'triaged' }, [event]), { new: true }).lean();
  if (!updated) return null;
  await faultPoint('triage.after-write');
  await relayCaseOutbox(updated._id);
  return updated;
}

/** Applies triage fields (a patch already validated against core's schema) with one timeline event listing what changed. */
export async function updateCaseFields(
  id: string | Types.ObjectId,
  set: Record<string, unknown>,
  actor: TActor,
  expectedVersion?: number,
): Promise<CaseDoc | null> {
  const event = outboxEntry('case.updated', actor, { fields: Object.keys(set) });
  const filter: Record<string, unknown> = { _id: id };
  if (expectedVersion !== undefined) filter.version = expectedVersion;
  const updated = await CaseModel.findOneAndUpdate(filter, withOutbox(set, [event]), { new: true }).lean();
  if (updated) await relayCaseOutbox(updated._id);
  return updated;
}

/** A note, contact attempt or follow-up written on the timeline. */
export async function addCaseNote(
  id: string | Types.ObjectId,
  kind: string,
  text: string,
  actor: TActor,
): Promise<{ case: CaseDoc; event: TTimelineEvent } | null> {
  const event = outboxEntry('case.note_added', actor, { kind, text });
  const updated = await CaseModel.findOneAndUpdate({ _id: id }, withOutbox({}, [event]), { new: true }).lean();
  if (!updated) return null;
  await relayCaseOutbox(updated._id);
  return { case: updated, event: toTimelineEvent({ ...event, caseId: updated._id }) };
}

/** The whole timeline: relayed events plus any still waiting in the outbox, oldest first. */
export async function caseTimeline(c: CaseDoc): Promise<TTimelineEvent[]> {
  const stored = await TimelineEventModel.find({ caseId: c._id }).sort({ at: 1, _id: 1 }).lean();
  const seen = new Set(stored.map((e) => e._id));
  const pending = c.outbox.filter((e) => !seen.has(e.eventId)).map((e) => ({ ...e, caseId: c._id }));
  return [...stored.map(toTimelineEvent), ...pending.map(toTimelineEvent)].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

export interface CaseListScope {
  /** null: every province. */
  provinces: string[] | null;
  userId: string;
}

/** Cases matching the filters within the user's provinces, newest first, by id cursor. */
export async function listCases(q: TCaseListQuery, scope: CaseListScope): Promise<{ items: CaseDoc[]; nextCursor: string | null }> {
  const filter: Record<string, unknown> = {};
  if (q.province) filter['location.provinceCode'] = q.province;
  else if (scope.provinces) filter['location.provinceCode'] = { $in: scope.provinces };
  if (q.status) filter.status = q.status;
  if (q.category) filter.category = q.category;
  if (q.riskLevel) filter.riskLevel = q.riskLevel;
  if (q.assigned === 'me') filter.assignedCounsellorId = new Types.ObjectId(scope.userId);
  else if (q.assigned === 'none') filter.assignedCounsellorId = null;
  else if (q.assigned) filter.assignedCounsellorId = new Types.ObjectId(q.assigned);
  if (q.routing) filter.routingState = q.routing;
  if (q.cursor) {
    if (!/^[0-9a-f]{24}$/.test(q.cursor)) throw new DomainError('validation_failed', 'Invalid cursor', [{ path: 'cursor', message: 'must be a cursor returned by the previous page' }]);
    filter._id = { $lt: new Types.ObjectId(q.cursor) };
  }
  const rows = await CaseModel.find(filter, { outbox: 0 }).sort({ _id: -1 }).limit(q.limit + 1).lean();
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map((r) => ({ ...r, outbox: [] })), nextCursor: rows.length > q.limit && last ? last._id.toHexString() : null };
}

/** Open cases a caller's number is linked to. */
export async function openCasesForPhoneHash(phoneHash: string, limit = 20): Promise<CaseDoc[]> {
  const rows = await CaseModel.find({ callerPhoneHashes: phoneHash, status: { $in: OPEN_CASE_STATUSES } }, { outbox: 0 })
    .sort({ _id: -1 })
    .limit(limit)
    .lean();
  return rows.map((r) => ({ ...r, outbox: [] }));
}

export interface QueueCount {
  provinceCode: string;
  status: TCaseStatus;
  category: CaseDoc['category'];
  riskLevel: CaseDoc['riskLevel'];
  count: number;
}

/** Open cases counted by province × status × category × risk level. */
export async function countOpenCases(provinces: string[] | null): Promise<QueueCount[]> {
  const match: Record<string, unknown> = { status: { $in: OPEN_CASE_STATUSES } };
  if (provinces) match['location.provinceCode'] = { $in: provinces };
  const rows = await CaseModel.aggregate<{ _id: { p: string; s: TCaseStatus; c: CaseDoc['category']; r: CaseDoc['riskLevel'] }; n: number }>([
    { $match: match },
    { $group: { _id: { p: '$location.provinceCode', s: '$status', c: '$category', r: '$riskLevel' }, n: { $sum: 1 } } },
  ]);
  return rows
    .map((r) => ({ provinceCode: r._id.p, status: r._id.s, category: r._id.c, riskLevel: r._id.r, count: r.n }))
    .sort((a, b) => a.provinceCode.localeCompare(b.provinceCode) || a.status.localeCompare(b.status) || a.category.localeCompare(b.category) || a.riskLevel.localeCompare(b.riskLevel));
}
