/**
 * Follow-up visits after a resident is reunified with family: 1, 3 and 6
 * months after the reunification date (calendar months in Vietnam time), each
 * an SLA deadline of kind `reunification_visit` with reminders to the facility
 * 7 days and 1 day before, then the province's supervisors 3 days after the
 * due date and its managers 7 days after. Pure; the referrals service stores
 * and times them like every other deadline.
 */
import { REUNIFICATION_VISIT_MONTHS, type TVisitMonth } from '../schemas/resident';
import type { TEscalationAction } from './policy-schema';
import type { TEscalationAudience } from './escalation';
import { DAY_MS, MINUTE_MS, VIETNAM_UTC_OFFSET_MINUTES } from './vietnam-time';

const VIETNAM_OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * MINUTE_MS;

export interface PlannedVisit {
  month: TVisitMonth;
  /** Stable per resident: the deadline's key within the source case. */
  key: string;
  startsAt: Date;
  dueAt: Date;
  reminders: { at: Date; fraction: number; audience: 'partner' }[];
  escalation: { level: number; action: TEscalationAction; audience: TEscalationAudience; at: Date }[];
}

/** The same day of the month `months` later in Vietnam (the last day when that month is shorter), same time of day. */
export function addVietnamMonths(at: Date, months: number): Date {
  const local = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const shifted = Date.UTC(y, m, day, local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds(), local.getUTCMilliseconds());
  return new Date(shifted - VIETNAM_OFFSET_MS);
}

export const reunificationVisitKey = (residentId: string, month: TVisitMonth) => `reunification:${residentId}:m${month}`;

/** The deadline key names a reunification visit (the case's own plan leaves such deadlines alone). */
export const isReunificationKey = (key: string) => key.startsWith('reunification:');

export function planReunificationVisits(residentId: string, reunifiedAt: Date): PlannedVisit[] {
  return REUNIFICATION_VISIT_MONTHS.map((month) => {
    const dueAt = addVietnamMonths(reunifiedAt, month);
    const span = dueAt.getTime() - reunifiedAt.getTime();
    const before = (days: number) => new Date(dueAt.getTime() - days * DAY_MS);
    return {
      month,
      key: reunificationVisitKey(residentId, month),
      startsAt: reunifiedAt,
      dueAt,
      reminders: [7, 1].map((d) => ({ at: before(d), fraction: 1 - (d * DAY_MS) / span, audience: 'partner' as const })),
      escalation: [
        { level: 1, action: 'supervisor' as const, audience: 'province_supervisors' as const, at: new Date(dueAt.getTime() + 3 * DAY_MS) },
        { level: 2, action: 'province_manager' as const, audience: 'province_managers' as const, at: new Date(dueAt.getTime() + 7 * DAY_MS) },
      ],
    };
  });
}
