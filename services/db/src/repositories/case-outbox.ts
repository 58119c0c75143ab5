/**
 * The outbox that keeps a case change and its timeline event together without
 * transactions. A writer pushes events into `case.outbox` in the same atomic
 * update as the change (and bumps `version`); the relay copies them out
 * (idempotently, keyed by event id) and clears exactly the version it read.
 * A crash between the two leaves the events in the case, where the next
 * relay (inline, or the workers' sweep) finds them.
 */
import { Types } from 'mongoose';
import type { TActor } from '@hotline/core';
import { CallModel, type CallDoc } from '../models/call';
import { CaseModel, caseQueryFields, type CaseDoc, type OutboxEntry } from '../models/case';
import { TimelineEventModel } from '../models/timeline-event';
import { faultPoint } from '../fault-points';
import { recordCallerCall } from './caller-calls';
import { placeCaseInQueue, QUEUED_CASE_FIELDS, type QueuedCase } from '../projections/case-queue';
import { applyCaseEventsToRollups, ROLLUP_CASE_FIELDS, type RollupCase } from '../projections/rollups';

export function outboxEntry(type: string, actor: TActor, data: Record<string, unknown>, call?: CallDoc): OutboxEntry {
  return { eventId: new Types.ObjectId().toHexString(), type, actor, at: new Date(), data, ...(call ? { call } : {}) };
}

export const SYSTEM_ACTOR: TActor = { kind: 'system', id: null, role: null, name: 'hotline' };

/** The update that applies `set` (with the query fields it implies) and records `events` in one atomic write. */
export function withOutbox(set: Record<string, unknown>, events: OutboxEntry[], now = new Date()) {
  return {
    $set: { ...set, ...caseQueryFields(set), updatedAt: now, outboxPending: true },
    $inc: { version: 1 },
    $push: { outbox: { $each: events } },
  };
}

async function materialise(caseId: Types.ObjectId, entries: OutboxEntry[]): Promise<void> {
  const calls = entries.flatMap((e) => (e.call ? [e.call] : []));
  // Independent idempotent writes, side by side: the calls, each caller's recent-call list, the timeline.
  await Promise.all([
    calls.length > 0
      ? CallModel.bulkWrite(
          calls.map((call) => ({ updateOne: { filter: { _id: call._id }, update: { $setOnInsert: call }, upsert: true } })),
          { ordered: false },
        )
      : null,
    ...calls.map((call) => (call.callerPhoneHash ? recordCallerCall(call.callerPhoneHash, call.provinceCode, call._id, call.startedAt) : null)),
    TimelineEventModel.bulkWrite(
      entries.map((e) => ({
        updateOne: {
          filter: { _id: e.eventId },
          update: { $setOnInsert: { _id: e.eventId, caseId, type: e.type, actor: e.actor, at: e.at, data: e.data } },
          upsert: true,
        },
      })),
      { ordered: false },
    ),
  ]);
}

/** What a relay needs of a case: the document a write just returned (`{ new: true }`) will do. */
export type RelayableCase = Pick<CaseDoc, '_id' | 'outbox' | 'version'> & QueuedCase & RollupCase;

/**
 * Moves one case's outbox to the timeline, adds its events to the daily report
 * rollups and places the case in the open-case queue counts, then clears exactly the version it read. When the case changed
 * meanwhile it reads again, so the last relay to finish leaves the counts as
 * the case is. Pass the case a write just returned to skip the first read.
 * Returns how many events were moved.
 */
export async function relayCaseOutbox(kase: Types.ObjectId | string | RelayableCase): Promise<number> {
  const known = typeof kase === 'object' && 'outbox' in kase ? kase : null;
  const id = known ? known._id : typeof kase === 'string' ? new Types.ObjectId(kase) : (kase as Types.ObjectId);
  for (let attempt = 0; attempt < 10; attempt++) {
    // The writer's own copy of the case saves the first read; a later attempt reads what changed.
    const found = attempt === 0 && known ? known : await CaseModel.findById(id, { outbox: 1, version: 1, ...QUEUED_CASE_FIELDS, ...ROLLUP_CASE_FIELDS }).lean<RelayableCase>();
    if (!found) return 0;
    // Both idempotent, so side by side: a relay that dies between them is repeated whole by the sweep.
    await Promise.all([
      found.outbox.length > 0 ? materialise(id, found.outbox).then(() => faultPoint('outbox.after-materialise')) : null,
      // The reports' daily counts: each event's line is guarded by its marker, so a rerun counts nothing twice.
      found.outbox.length > 0 ? applyCaseEventsToRollups(found, found.outbox) : null,
      placeCaseInQueue(found),
    ]);
    const cleared = await CaseModel.updateOne({ _id: id, version: found.version }, { $set: { outbox: [], outboxPending: false } });
    if (cleared.matchedCount === 1) return found.outbox.length;
    // The case changed meanwhile: read again; already-written events are skipped by id.
  }
  return 0;
}

/** The sweep: relays every case whose outbox was left behind (a crash, a lost inline relay). */
export async function relayPendingOutboxes(limit = 200): Promise<number> {
  const pending = await CaseModel.find({ outboxPending: true }, { _id: 1 }).limit(limit).lean();
  let moved = 0;
  for (const c of pending) moved += await relayCaseOutbox(c._id);
  return moved;
}
