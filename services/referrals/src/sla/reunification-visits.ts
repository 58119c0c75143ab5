/**
 * Follow-up visits after reunification as SLA deadlines. Each visit is a
 * deadline of kind `reunification_visit` on the resident's source case, keyed
 * `reunification:<resident>:m<1|3|6>` and concerning the facility's referral,
 * so the existing timers, reminders (SMS to the facility, quiet hours),
 * breach and escalation (province supervisors, then managers) and the
 * reconciler handle it as any other deadline. The case's own plan leaves these
 * keys alone (see deadline-sync). The deadline ids are chosen with the plan
 * and stored on the resident, so a retry after a crash finds them.
 */
import { Types } from 'mongoose';
import { planReunificationVisits, type PlannedVisit } from '@hotline/core';
import {
  findCaseById, findDeadlineById, insertDeadline, residentsWithOpenVisits, updateDeadlineIf,
  type DeadlineDoc, type NewDeadline, type ResidentDoc, type ResidentVisit,
} from '@hotline/db';
import { JOBS } from '@hotline/queue';
import type { ReferralDeps } from '../referral-deps';
import { timerAt } from './deadline-steps';
import { armDeadlineTimer } from './deadline-sync';

/** Policy days last `SLA_MINUTE_MS`/60,000 of a day in tests: every instant is scaled from the reunification date. */
function scaledPlan(deps: Pick<ReferralDeps, 'env'>, residentId: string, reunifiedAt: Date): PlannedVisit[] {
  const f = deps.env.SLA_MINUTE_MS / 60_000;
  const s = (d: Date) => (f === 1 ? d : new Date(reunifiedAt.getTime() + (d.getTime() - reunifiedAt.getTime()) * f));
  return planReunificationVisits(residentId, reunifiedAt).map((p) => ({
    ...p,
    dueAt: s(p.dueAt),
    reminders: p.reminders.map((r) => ({ ...r, at: s(r.at) })),
    escalation: p.escalation.map((e) => ({ ...e, at: s(e.at) })),
  }));
}

/** The visits to store on the resident when its reunification is recorded (each with its deadline's id). */
export function plannedVisits(deps: Pick<ReferralDeps, 'env'>, residentId: Types.ObjectId, reunifiedAt: Date): ResidentVisit[] {
  return scaledPlan(deps, residentId.toHexString(), reunifiedAt).map((p) => ({ month: p.month, dueAt: p.dueAt, doneAt: null, deadlineId: new Types.ObjectId() }));
}

/**
 * Writes each visit's deadline (once) and arms its timer; a visit done closes
 * its deadline (met), a resident whose record says nothing more leaves them.
 * Idempotent: run after reunification, after each visit, and again on retry.
 */
export async function syncResidentVisitDeadlines(deps: ReferralDeps, r: ResidentDoc): Promise<DeadlineDoc[]> {
  if (!r.reunifiedAt || r.visits.length === 0) return [];
  const kase = await findCaseById(r.caseId);
  if (!kase) return [];
  const plan = new Map(scaledPlan(deps, r._id.toHexString(), new Date(r.reunifiedAt)).map((p) => [p.month, p]));
  const out: DeadlineDoc[] = [];
  for (const v of r.visits) {
    const p = plan.get(v.month);
    if (!p) continue;
    let d = await findDeadlineById(v.deadlineId);
    if (!d) {
      const now = new Date();
      const doc: NewDeadline = {
        _id: new Types.ObjectId(String(v.deadlineId)),
        caseId: r.caseId,
        referralId: r.referralId,
        provinceCode: r.provinceCode,
        category: kase.category,
        riskLevel: kase.riskLevel,
        key: p.key,
        kind: 'reunification_visit',
        clock: 'around_the_clock',
        planKey: `reunification|${new Date(r.reunifiedAt).getTime()}|${v.month}|${deps.env.SLA_MINUTE_MS}`,
        startsAt: p.startsAt,
        dueAt: new Date(v.dueAt),
        reminders: p.reminders,
        escalation: p.escalation,
        state: v.doneAt ? 'met' : 'pending',
        remindersSent: 0,
        escalationLevel: 0,
        heldSms: null,
        nextAt: null,
        metAt: v.doneAt ? new Date(v.doneAt) : null,
        breachedAt: null,
        cancelledAt: null,
        effects: [],
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      doc.nextAt = timerAt(doc);
      const res = await insertDeadline(doc);
      if (res.inserted && doc.nextAt) await armDeadlineTimer(deps, doc._id.toHexString(), doc.nextAt);
      d = res.doc;
    }
    if (v.doneAt && (d.state === 'pending' || d.state === 'breached')) d = (await closeVisitDeadline(deps, d, new Date(v.doneAt))) ?? d;
    out.push(d);
  }
  return out;
}

/** The visit happened: its deadline is met and its timer removed (a breached one keeps its breach date). */
async function closeVisitDeadline(deps: ReferralDeps, start: DeadlineDoc, doneAt: Date): Promise<DeadlineDoc | null> {
  let d: DeadlineDoc | null = start;
  for (let i = 0; i < 10 && d && (d.state === 'pending' || d.state === 'breached'); i++) {
    const updated = await updateDeadlineIf(d, { state: 'met', metAt: doneAt, heldSms: null, nextAt: null });
    if (updated) {
      if (d.nextAt) await deps.producers.remove(JOBS.slaTimer, { deadlineId: d._id.toHexString() }, d.nextAt);
      return updated;
    }
    d = await findDeadlineById(d._id);
  }
  return d;
}

/** The reconciler's check: every resident with a visit still to do has its visits' deadlines (a crash after the resident's write). */
export async function repairResidentVisitDeadlines(deps: ReferralDeps): Promise<number> {
  let written = 0;
  for (const r of await residentsWithOpenVisits()) {
    const missing = await Promise.all(r.visits.map(async (v) => !(await findDeadlineById(v.deadlineId))));
    if (!missing.some(Boolean)) continue;
    await syncResidentVisitDeadlines(deps, r);
    written++;
  }
  return written;
}
