/**
 * Case → stored deadlines. Reads the case's facts (received, accepted, first
 * contact, follow-ups, closed), asks core's planDeadlines for the plan, and
 * upserts one document per planned key; a met or cancelled deadline loses its
 * timer, a new or re-timed one gets one. Called after every milestone (triage,
 * acceptance, contact, follow-up note, status or triage change) and by the
 * timer handler before it acts, so a milestone a crash kept from syncing is
 * still seen before anything is sent.
 *
 * Times are planned once: a policy edit applies to deadlines planned after it
 * (new cases, or a category / risk change of a case), never silently moving
 * deadlines already running.
 */
import { Types } from 'mongoose';
import { isReunificationKey, planDeadlines, type TPlannedDeadline } from '@hotline/core';
import {
  deadlinesOfCase, findCaseById, findDeadlineById, insertDeadline, loadSlaSettings, ReferralModel, TimelineEventModel, updateDeadlineIf,
  type CaseDoc, type DeadlineDoc, type NewDeadline, type ReferralDoc, type SlaSettings,
} from '@hotline/db';
import { JOBS } from '@hotline/queue';
import type { ReferralDeps } from '../referral-deps';
import { timerAt } from './deadline-steps';

/** Arms a deadline's timer for `at` (fires at once when already due); its id names the deadline and the instant. */
export const armDeadlineTimer = (deps: Pick<ReferralDeps, 'producers'>, deadlineId: string, at: Date) =>
  deps.producers.addAt(JOBS.slaTimer, at, { deadlineId }, at);

/** Note kinds that count as a follow-up done. */
export const FOLLOW_UP_NOTE_KINDS = ['follow_up', 'home_visit'] as const;

interface CaseFacts {
  kase: CaseDoc;
  referrals: ReferralDoc[];
  acceptedAt: Date | null;
  firstContactAt: Date | null;
  followUpsDoneAt: Date[];
}

async function caseFacts(kase: CaseDoc): Promise<CaseFacts> {
  const referrals = await ReferralModel.find({ caseId: kase._id }).sort({ round: 1, offeredAt: 1 }).lean<ReferralDoc[]>();
  const accepted = kase.acceptedReferralId ? referrals.find((r) => r._id.equals(kase.acceptedReferralId)) : undefined;
  const contacts = referrals.flatMap((r) => (r.contactedAt ? [r.contactedAt.getTime()] : []));
  const firstContactAt = contacts.length ? new Date(Math.min(...contacts)) : null;
  let followUpsDoneAt: Date[] = [];
  if (firstContactAt) {
    const stored = await TimelineEventModel.find({ caseId: kase._id, type: 'case.note_added', 'data.kind': { $in: [...FOLLOW_UP_NOTE_KINDS] } }, { _id: 1, at: 1 }).lean();
    const seen = new Set(stored.map((e) => e._id));
    const pending = kase.outbox.filter((e) => !seen.has(e.eventId) && e.type === 'case.note_added' && (FOLLOW_UP_NOTE_KINDS as readonly string[]).includes(String(e.data.kind)));
    followUpsDoneAt = [...stored.map((e) => e.at), ...pending.map((e) => e.at)].map((d) => new Date(d));
  }
  return { kase, referrals, acceptedAt: accepted?.answeredAt ?? (kase.acceptedReferralId ? kase.updatedAt : null), firstContactAt, followUpsDoneAt };
}

/**
 * Policy minutes last `minuteMs` (60,000 except in tests): every planned
 * instant is scaled from the deadline's anchor (received for accept, first
 * contact and the legal clock; first contact for follow-ups).
 */
function scaled(p: TPlannedDeadline, anchor: Date, minuteMs: number): TPlannedDeadline {
  if (minuteMs === 60_000) return p;
  const f = minuteMs / 60_000;
  const s = (d: Date) => new Date(anchor.getTime() + (d.getTime() - anchor.getTime()) * f);
  return {
    ...p,
    startsAt: s(p.startsAt),
    dueAt: s(p.dueAt),
    reminders: p.reminders.map((r) => ({ ...r, fireAt: s(r.fireAt) })),
    escalation: p.escalation.map((e) => ({ ...e, fireAt: s(e.fireAt) })),
  };
}

function referralFor(key: string, facts: CaseFacts): Types.ObjectId | null {
  if (key === 'accept') {
    const open = facts.referrals.filter((r) => r.status === 'offered' || r.status === 'accepted');
    return facts.kase.acceptedReferralId ?? open[open.length - 1]?._id ?? null;
  }
  return facts.kase.acceptedReferralId ?? null;
}

export interface SyncResult {
  deadlines: DeadlineDoc[];
  /** Keys whose state changed in this sync (met, cancelled, re-timed, new). */
  changed: string[];
}

export async function syncCaseDeadlines(deps: ReferralDeps, caseId: string | Types.ObjectId, settings?: SlaSettings): Promise<SyncResult> {
  const kase = await findCaseById(caseId);
  if (!kase) return { deadlines: [], changed: [] };
  const facts = await caseFacts(kase);
  const sla = settings ?? (await loadSlaSettings());
  const minuteMs = deps.env.SLA_MINUTE_MS;
  const receivedAt = kase.createdAt;
  const plan = kase.status === 'new'
    ? []
    : planDeadlines({
        category: kase.category,
        riskLevel: kase.riskLevel,
        subCategories: kase.subCategories,
        subjects: kase.subjects.map((s) => ({ group: s.group, ...(s.ageYears !== null && s.ageYears !== undefined ? { ageYears: s.ageYears } : {}) })),
        receivedAt,
        acceptedAt: facts.acceptedAt,
        firstContactAt: facts.firstContactAt,
        followUpsDoneAt: facts.followUpsDoneAt,
        closedAt: kase.status === 'closed' ? (kase.closedAt ?? kase.updatedAt) : null,
        policies: sla.policySet,
        calendar: sla.calendar,
      });
  const existing = new Map((await deadlinesOfCase(kase._id)).map((d) => [d.key, d]));
  const out: DeadlineDoc[] = [];
  const changed: string[] = [];
  const now = new Date();

  for (const raw of plan) {
    const anchor = raw.kind === 'follow_up' ? facts.firstContactAt! : receivedAt;
    const p = scaled(raw, anchor, minuteMs);
    const planKey = `${kase.category}|${kase.riskLevel}|${anchor.getTime()}|${raw.n ?? 0}|${minuteMs}`;
    const timing = {
      clock: p.clock,
      planKey,
      startsAt: p.startsAt,
      dueAt: p.dueAt,
      reminders: p.reminders.map((r) => ({ at: r.fireAt, fraction: r.fraction, audience: r.audience })),
      escalation: p.escalation.map((e) => ({ level: e.level, action: e.action, audience: e.audience, at: e.fireAt })),
    };
    const referralId = referralFor(p.key, facts);
    let d = existing.get(p.key);
    existing.delete(p.key);
    if (!d) {
      const doc: NewDeadline = {
        _id: new Types.ObjectId(),
        caseId: kase._id,
        referralId,
        provinceCode: kase.location.provinceCode,
        category: kase.category,
        riskLevel: kase.riskLevel,
        key: p.key,
        kind: p.kind,
        ...timing,
        state: p.status,
        // A reminder already due when the deadline is first written goes out at once (while the deadline has not passed).
        remindersSent: 0,
        escalationLevel: 0,
        heldSms: null,
        nextAt: null,
        metAt: p.metAt,
        breachedAt: null,
        cancelledAt: p.status === 'cancelled' ? now : null,
        effects: [],
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      doc.nextAt = timerAt(doc);
      const r = await insertDeadline(doc);
      if (r.inserted) {
        changed.push(p.key);
        if (doc.nextAt) await armDeadlineTimer(deps, doc._id.toHexString(), doc.nextAt);
        out.push(r.doc);
        continue;
      }
      d = r.doc;
    }
    out.push(await reconcileOne(deps, d, p.status, p.metAt, timing, referralId, kase, changed, now));
  }
  // Deadlines the plan no longer has (the case changed category or risk): cancelled. A resident's
  // reunification visits are planned from the resident, not the case (reunification-visits.ts).
  for (const d of existing.values()) {
    if (isReunificationKey(d.key)) continue;
    out.push(await reconcileOne(deps, d, 'cancelled', null, null, d.referralId, kase, changed, now));
  }
  return { deadlines: out, changed };
}

type Timing = Pick<DeadlineDoc, 'clock' | 'planKey' | 'startsAt' | 'dueAt' | 'reminders' | 'escalation'>;

async function reconcileOne(
  deps: ReferralDeps,
  start: DeadlineDoc,
  status: 'pending' | 'met' | 'cancelled',
  metAt: Date | null,
  timing: Timing | null,
  referralId: Types.ObjectId | null,
  kase: CaseDoc,
  changed: string[],
  now: Date,
): Promise<DeadlineDoc> {
  let d = start;
  for (let attempt = 0; attempt < 10; attempt++) {
    const set: Partial<DeadlineDoc> = {};
    const open = d.state === 'pending' || d.state === 'breached';
    if (status === 'met' && open) Object.assign(set, { state: 'met', metAt: metAt ?? now, heldSms: null });
    else if (status === 'met' && d.state === 'cancelled') Object.assign(set, { state: 'met', metAt: metAt ?? now, cancelledAt: null });
    else if (status === 'cancelled' && open) Object.assign(set, { state: 'cancelled', cancelledAt: now, heldSms: null });
    else if (status === 'pending' && d.state === 'cancelled') {
      // Reopened: the deadline runs again from where its plan stands.
      Object.assign(set, { state: d.breachedAt ? 'breached' : 'pending', cancelledAt: null });
    }
    if (status === 'pending' && timing && timing.planKey !== d.planKey && (d.state === 'pending' || set.state === 'pending')) {
      // Category or risk changed: new times; reminders already past are not sent late.
      Object.assign(set, timing, { remindersSent: timing.reminders.filter((r) => r.at.getTime() <= now.getTime()).length, heldSms: null });
    }
    if (referralId && (!d.referralId || !referralId.equals(d.referralId))) set.referralId = referralId;
    if (d.riskLevel !== kase.riskLevel || d.category !== kase.category || d.provinceCode !== kase.location.provinceCode) {
      Object.assign(set, { riskLevel: kase.riskLevel, category: kase.category, provinceCode: kase.location.provinceCode });
    }
    if (Object.keys(set).length === 0) return d;
    const next = { ...d, ...set };
    set.nextAt = timerAt(next);
    const updated = await updateDeadlineIf(d, set);
    if (updated) {
      if (set.state || set.planKey) changed.push(d.key);
      const before = d.nextAt?.getTime() ?? null;
      const after = updated.nextAt?.getTime() ?? null;
      if (before !== after) {
        if (d.nextAt) await deps.producers.remove(JOBS.slaTimer, { deadlineId: d._id.toHexString() }, d.nextAt);
        if (updated.nextAt) await armDeadlineTimer(deps, d._id.toHexString(), updated.nextAt);
      }
      return updated;
    }
    const fresh = await findDeadlineById(d._id);
    if (!fresh) return d;
    d = fresh;
  }
  return d;
}

/**
 * The hook milestones call: a failed sync is logged, not thrown (the timer
 * handler syncs again before it sends anything, and the reconciler plans
 * cases that have no deadlines).
 */
export async function syncDeadlinesAfterMilestone(deps: ReferralDeps, caseId: string | Types.ObjectId, milestone: string): Promise<void> {
  try {
    await syncCaseDeadlines(deps, caseId);
  } catch (err) {
    deps.log('warn', { caseId: String(caseId), milestone, err: (err as Error).message }, 'deadline sync failed; the timer re-checks before acting');
  }
}
