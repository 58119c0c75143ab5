/**
 * Retention (Law 91/2025/QH15 on personal data protection): a case closed
 * longer ago than its retention period is anonymised. What identifies a
 * person goes (names of the people at risk and of callers, the narrative,
 * the address, consent notes, caller numbers sealed, masked or hashed, call
 * and timeline notes, the search keys they gave, the number's repeat-caller
 * list entries); what the figures need stays (reference, category, risk,
 * province and commune, ages and groups, dates, statuses, referrals).
 *
 * Resumable and idempotent: the case is marked (`anonymisedAt`) last, after
 * its calls, its caller lists and its timeline; a run cut short is finished by
 * the next, which finds the case unmarked and does every step again (each
 * step writes the same result twice). Every anonymised case is audited.
 */
import type { Types } from 'mongoose';
import { PROVINCE_CODES } from '@hotline/core';
import { CaseModel, type CaseDoc } from '../models/case';
import { CallModel, type CallDoc } from '../models/call';
import { TimelineEventModel } from '../models/timeline-event';
import { MaintenanceRunModel } from '../models/maintenance-run';
import { ResidentEventModel, ResidentModel } from '../models/resident';
import { faultPoint } from '../fault-points';
import { recordAudit } from './audit';
import { caseMonths } from './case-months';
import { caseSearchFields } from './case-search';
import { forgetCallerCall } from './caller-calls';
import { outboxEntry, relayCaseOutbox, SYSTEM_ACTOR, withOutbox } from './case-outbox';

/** What an anonymised narrative reads. */
export const ANONYMISED_TEXT = '(đã ẩn danh theo thời hạn lưu trữ)';

/** Timeline data kept after anonymisation: what happened, never what anyone said or wrote. */
const KEPT_EVENT_DATA = ['from', 'to', 'status', 'category', 'riskLevel', 'round', 'partnerId', 'referralId', 'kind', 'channel', 'fields', 'outcome', 'escalation', 'deadlineId', 'group', 'step', 'reason', 'month', 'caseReference'];

const keptData = (data: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(data ?? {}).filter(([k]) => KEPT_EVENT_DATA.includes(k)));

export interface RetentionRun {
  /** Cases anonymised by this run. */
  anonymised: number;
  /** Closed cases past the cutoff still waiting (an outbox not yet relayed); the next run takes them. */
  deferred: number;
}

const monthOf = (at: Date) => at.toISOString().slice(0, 7);

/** A closed case past `cutoff`, not yet anonymised. */
const isDue = (c: Pick<CaseDoc, 'open' | 'closedAt' | 'anonymisedAt'>, cutoff: Date) => !c.open && c.closedAt !== null && c.closedAt < cutoff && !c.anonymisedAt;

/**
 * Anonymises every case closed before `cutoff` (now − the retention period).
 * Reads one province × month of closed cases at a time (months up to the
 * cutoff's: a case opened later cannot have closed before it).
 */
export async function anonymiseClosedCases(cutoff: Date, provinces: readonly string[] = PROVINCE_CODES): Promise<RetentionRun> {
  const run: RetentionRun = { anonymised: 0, deferred: 0 };
  const last = monthOf(cutoff);
  for (const provinceCode of provinces) {
    for (const month of (await caseMonths([provinceCode])).filter((m) => m <= last)) {
      const closed = await CaseModel.find({ provinceCode, createdMonth: month, open: false }, { outbox: 0 }).lean<CaseDoc[]>();
      for (const c of closed) {
        if (!isDue(c, cutoff)) continue;
        if (c.outboxPending) {
          run.deferred++;
          continue;
        }
        if (await anonymiseCase(c, cutoff)) run.anonymised++;
      }
    }
  }
  return run;
}

/** One case: its calls and their callers' lists, its timeline, then the case itself (marked). */
async function anonymiseCase(c: CaseDoc, cutoff: Date): Promise<boolean> {
  const calls = await CallModel.find({ caseId: c._id }).lean<CallDoc[]>();
  for (const call of calls) {
    if (call.callerPhoneHash) await forgetCallerCall(call.callerPhoneHash, call.provinceCode, call._id);
  }
  if (calls.length) {
    await CallModel.updateMany(
      { caseId: c._id },
      { $set: { 'caller.name': null, 'caller.phoneHash': null, 'caller.phoneSealed': null, 'caller.phoneMasked': null, callerPhoneHash: null, notes: null } },
    );
  }
  await faultPoint('retention.after-calls');
  const events = await TimelineEventModel.find({ caseId: c._id }, { data: 1 }).lean<{ _id: Types.ObjectId; data: Record<string, unknown> }[]>();
  for (const e of events) {
    const kept = keptData(e.data);
    if (JSON.stringify(kept) !== JSON.stringify(e.data ?? {})) await TimelineEventModel.updateOne({ _id: e._id }, { $set: { data: { ...kept, anonymised: true } } });
  }
  await anonymiseResidentsOfCase(c._id, cutoff);
  const anonymous = {
    ...c,
    subjects: c.subjects.map((s) => ({ ...s, name: null })),
    location: { ...c.location, address: null },
    callerPhoneHashes: [] as string[],
  };
  const search = await caseSearchFields({ ...anonymous, outbox: [] }, []);
  const now = new Date();
  const updated = await CaseModel.findOneAndUpdate(
    { _id: c._id, version: c.version, open: false, anonymisedAt: null },
    withOutbox(
      {
        subjects: anonymous.subjects,
        'location.address': null,
        summary: ANONYMISED_TEXT,
        ...(c.consent ? { consent: { ...c.consent, notes: null } } : {}),
        callerPhoneHashes: [],
        ...search,
        anonymisedAt: now,
      },
      [outboxEntry('case.anonymised', SYSTEM_ACTOR, { closedAt: c.closedAt, cutoff })],
      now,
    ),
    { new: true },
  ).lean();
  if (!updated) return false;
  await relayCaseOutbox(updated);
  await recordAudit({
    actorId: null, actorRole: 'system', action: 'case.anonymise', targetType: 'case', targetId: c._id.toHexString(),
    provinceCode: c.provinceCode, requestId: `retention-${monthOf(now)}`, ip: null, reason: `closed ${c.closedAt?.toISOString()} before ${cutoff.toISOString()}`,
  });
  return true;
}

/** The last day the retention run finished (null: never). */
export async function lastRetentionDay(): Promise<string | null> {
  return (await MaintenanceRunModel.findById('retention').lean())?.lastDay ?? null;
}

/** Records that the run of `day` finished, with its figures. */
export async function recordRetentionDay(day: string, figures: RetentionRun): Promise<void> {
  await MaintenanceRunModel.collection.updateOne(
    { _id: 'retention' } as never,
    { $set: { lastDay: day, finishedAt: new Date(), figures: { ...figures } } },
    { upsert: true },
  );
}

/**
 * The case's people placed in facilities and discharged before the cutoff: their names, beds and the
 * care notes, tracing and visit notes on their timelines go; group, age, dates and discharge reason stay.
 * Residents still in care, or discharged after the cutoff, keep their records.
 */
async function anonymiseResidentsOfCase(caseId: Types.ObjectId, cutoff: Date): Promise<void> {
  const residents = await ResidentModel.find({ caseId }, { current: 1, dischargedAt: 1, name: 1 }).lean<{ _id: Types.ObjectId; current: boolean; dischargedAt: Date | null; name: string | null }[]>();
  for (const r of residents) {
    if (r.current || !r.dischargedAt || r.dischargedAt >= cutoff) continue;
    const events = await ResidentEventModel.find({ residentId: r._id }, { data: 1 }).lean<{ _id: string; data: Record<string, unknown> }[]>();
    for (const e of events) {
      const kept = keptData(e.data);
      if (JSON.stringify(kept) !== JSON.stringify(e.data ?? {})) await ResidentEventModel.updateOne({ _id: e._id }, { $set: { data: { ...kept, anonymised: true } } });
    }
    if (r.name !== null) await ResidentModel.updateOne({ _id: r._id }, { $set: { name: null, bed: null }, $inc: { version: 1 } });
  }
}
