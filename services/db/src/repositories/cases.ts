/**
 * Case writes. Every change goes through `withOutbox`, so the change and its
 * timeline event are one atomic document update; the relay then moves the
 * event to timeline_events.
 */
import { Types } from 'mongoose';
import {
  assertTransition, formatCaseReference, isReopen, referenceCounterKey, yearInVietnam,
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
import { caseMonths, monthOfId, recordCaseMonth } from './case-months';
import { cancelOpenReferrals, referralEvent } from './referrals';
import { callSearchKeys, caseSearchFields } from './case-search';

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
  // The reference and the month list are independent writes: one round trip, not two.
  const [reference] = await Promise.all([
    allocateCaseReference(fields.location.provinceCode, now),
    recordCaseMonth(fields.location.provinceCode, monthOfId(caseId)),
  ]);
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
    provinceCode: fields.location.provinceCode,
    open: true,
    createdMonth: monthOfId(caseId),
    callIds: [call._id],
    callerPhoneHashes: call.callerPhoneHash ? [call.callerPhoneHash] : [],
    searchKeys: [],
    searchKeysVersion: 0,
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
  Object.assign(doc, await caseSearchFields(doc, [call]));
  try {
    await CaseModel.collection.insertOne(doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await CaseModel.findOne({ intakeKey: call.intakeKey }).lean();
    if (!existing) throw err;
    // A process killed right after its insert left the call in the outbox: relay it, so the repeat submit
    // answers with the call that was stored (not the one this submit made up) and finds it by its intakeKey.
    if (existing.outboxPending) await relayCaseOutbox(existing._id);
    return { case: existing, duplicate: true };
  }
  await faultPoint('case.after-insert');
  await relayCaseOutbox(doc);
  return { case: doc, duplicate: false };
}

/**
 * Attaches a call to an existing case (the call document travels in the outbox).
 * The caller's search keys are added for the case's province as read; the write
 * is conditional on that province, so a case moved meanwhile is read again.
 */
export async function attachCallToCase(caseId: string, call: CallDoc, actor: TActor): Promise<CaseDoc | null> {
  const event = outboxEntry('call.logged', actor, { callId: call._id.toHexString(), channel: call.channel, outcome: call.outcome }, call);
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await findCaseById(caseId);
    if (!current) return null;
    const update = withOutbox({}, [event]);
    const updated = await CaseModel.findOneAndUpdate(
      { _id: current._id, provinceCode: current.provinceCode },
      {
        ...update,
        $addToSet: {
          callIds: call._id,
          ...(call.callerPhoneHash ? { callerPhoneHashes: call.callerPhoneHash } : {}),
          searchKeys: { $each: callSearchKeys(current.provinceCode, call) },
        },
      },
      { new: true },
    ).lean();
    if (updated) {
      await relayCaseOutbox(updated);
      return updated;
    }
  }
  throw new DomainError('conflict', 'The case changed while this call was attached; try again');
}

export async function findCaseById(id: string | Types.ObjectId): Promise<CaseDoc | null> {
  if (typeof id === 'string' && !Types.ObjectId.isValid(id)) return null;
  return CaseModel.findById(id).lean();
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
      await relayCaseOutbox(updated);
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
  await relayCaseOutbox(updated);
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
  // Names or the place change what the case is found by: its search keys are derived again from the case as
  // it will be, and the write is conditional on the version they were derived from.
  const searched = 'subjects' in set || 'location' in set;
  for (let attempt = 0; attempt < (searched && expectedVersion === undefined ? 5 : 1); attempt++) {
    const filter: Record<string, unknown> = { _id: id };
    let fields = set;
    if (searched) {
      const current = await findCaseById(id);
      if (!current || (expectedVersion !== undefined && current.version !== expectedVersion)) return null;
      fields = { ...set, ...(await caseSearchFields({ ...current, ...(set as Partial<CaseDoc>) })) };
      filter.version = current.version;
    } else if (expectedVersion !== undefined) filter.version = expectedVersion;
    const updated = await CaseModel.findOneAndUpdate(filter, withOutbox(fields, [event]), { new: true }).lean();
    if (updated) {
      await relayCaseOutbox(updated);
      return updated;
    }
  }
  return null;
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
  await relayCaseOutbox(updated);
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

/**
 * Cases matching the filters within the user's provinces, newest first, by id
 * cursor. Reads one month at a time (province × month × the filters, all
 * top-level equalities) until the page is full, so a page costs the same in
 * the first year and the tenth.
 */
export async function listCases(q: TCaseListQuery, scope: CaseListScope): Promise<{ items: CaseDoc[]; nextCursor: string | null }> {
  const eq: Record<string, unknown> = {};
  if (q.status) eq.status = q.status;
  if (q.open) eq.open = q.open === 'true';
  if (q.category) eq.category = q.category;
  if (q.riskLevel) eq.riskLevel = q.riskLevel;
  if (q.assigned === 'me') eq.assignedCounsellorId = new Types.ObjectId(scope.userId);
  else if (q.assigned === 'none') eq.assignedCounsellorId = null;
  else if (q.assigned) eq.assignedCounsellorId = new Types.ObjectId(q.assigned);
  if (q.routing) eq.routingState = q.routing;
  let before: Types.ObjectId | null = null;
  if (q.cursor) {
    if (!/^[0-9a-f]{24}$/.test(q.cursor)) throw new DomainError('validation_failed', 'Invalid cursor', [{ path: 'cursor', message: 'must be a cursor returned by the previous page' }]);
    before = new Types.ObjectId(q.cursor);
  }
  const provinces = q.province ? [q.province] : scope.provinces;
  const want = q.limit + 1;
  const rows: CaseDoc[] = [];
  for (const month of await caseMonths(provinces)) {
    if (before && month > monthOfId(before)) continue;
    const found = await Promise.all(
      (provinces ?? [null]).map((provinceCode) => CaseModel.find({ ...eq, ...(provinceCode ? { provinceCode } : {}), createdMonth: month }, { outbox: 0 }).lean()),
    );
    const page = found.flat().filter((c) => !before || c._id.toHexString() < before.toHexString());
    page.sort((a, b) => b._id.toHexString().localeCompare(a._id.toHexString()));
    rows.push(...page);
    if (rows.length >= want) break;
  }
  const items = rows.slice(0, q.limit);
  const last = items[items.length - 1];
  return { items: items.map((r) => ({ ...r, outbox: [] })), nextCursor: rows.length > q.limit && last ? last._id.toHexString() : null };
}

/** Open cases a caller's number is linked to. */
export async function openCasesForPhoneHash(phoneHash: string, limit = 20): Promise<CaseDoc[]> {
  const rows = await CaseModel.find({ callerPhoneHashes: phoneHash, open: true }, { outbox: 0 })
    .sort({ _id: -1 })
    .limit(limit)
    .lean();
  return rows.map((r) => ({ ...r, outbox: [] }));
}
