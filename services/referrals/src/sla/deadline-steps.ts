/**
 * What a stored deadline does next, computed from the document alone, so the
 * timer handler, the reconciler and the sync agree on one answer.
 *
 * pending:  held SMS release, reminders in order, then the breach at dueAt
 *           (reminders still unsent when the deadline has passed are skipped);
 * breached: the escalation steps in order;
 * met / cancelled: nothing.
 */
import type { DeadlineDoc } from '@hotline/db';

export type DeadlineStep =
  | { type: 'sms_release'; index: number; at: Date }
  | { type: 'reminder'; index: number; at: Date }
  | { type: 'breach'; at: Date }
  | { type: 'escalation'; level: number; at: Date };

type StepFields = Pick<DeadlineDoc, 'state' | 'heldSms' | 'reminders' | 'remindersSent' | 'dueAt' | 'escalation' | 'escalationLevel'>;

/** The next step in time order, due or not; null when the deadline has nothing left to do. */
export function nextStep(d: StepFields, now: Date): DeadlineStep | null {
  if (d.state === 'pending') {
    if (now.getTime() >= d.dueAt.getTime()) return { type: 'breach', at: d.dueAt };
    const candidates: DeadlineStep[] = [];
    if (d.heldSms) candidates.push({ type: 'sms_release', index: d.heldSms.index, at: new Date(d.heldSms.releaseAt) });
    const r = d.reminders[d.remindersSent];
    if (r && new Date(r.at).getTime() < d.dueAt.getTime()) candidates.push({ type: 'reminder', index: d.remindersSent, at: new Date(r.at) });
    candidates.push({ type: 'breach', at: d.dueAt });
    // Stable sort keeps the order above on ties: a held SMS, then a reminder, then the breach.
    return candidates.sort((a, b) => a.at.getTime() - b.at.getTime())[0]!;
  }
  if (d.state === 'breached') {
    const e = d.escalation[d.escalationLevel];
    return e ? { type: 'escalation', level: e.level, at: new Date(e.at) } : null;
  }
  return null;
}

/** When the deadline's timer must fire next (null: no timer). */
export function timerAt(d: StepFields): Date | null {
  if (d.state === 'pending') {
    const times = [d.dueAt.getTime()];
    if (d.heldSms) times.push(new Date(d.heldSms.releaseAt).getTime());
    const r = d.reminders[d.remindersSent];
    if (r) times.push(new Date(r.at).getTime());
    return new Date(Math.min(...times));
  }
  return nextStep(d, new Date(0))?.at ?? null;
}

export const stepId = (s: DeadlineStep): string =>
  s.type === 'reminder' ? `reminder-${s.index}` : s.type === 'sms_release' ? `sms-${s.index}` : s.type === 'breach' ? 'breach' : `escalation-${s.level}`;
