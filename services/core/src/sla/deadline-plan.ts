/**
 * The deadlines a case (and its referral) should have, computed from its
 * category, risk, subjects and milestones. Pure and deterministic: the same
 * input always gives the same plan, so the deadline store and the reconciler
 * can recompute it at any time (after a worker or Redis loss, after triage
 * changes the risk) and upsert by `key`.
 *
 * - accept: receivedAt + acceptWithinMinutes, met by acceptedAt.
 * - first_contact: receivedAt + firstContactWithinMinutes, met by firstContactAt.
 * - follow_up n: firstContactAt + followUpAfterDays[n-1] calendar days, met by
 *   the n-th follow-up recorded after the first contact. Planned once the
 *   first contact is known. On the business clock a follow-up that falls on
 *   a day off moves to the same time on the next working day, and one outside
 *   the working windows to the next opening. Each follow-up's window (for
 *   reminders) opens when the previous one is due.
 * - legal_clock: receivedAt + withinHours, around the clock, never paused,
 *   met by firstContactAt; alerts to the province manager before it ends.
 *
 * Closing the case cancels whatever is still pending.
 */
import { z } from 'zod';
import { ZCategory, ZPersonGroup, ZRiskLevel, ZSubCategory, type TCategory, type TRiskLevel } from '../enums';
import { personGroupOf } from '../person-group';
import {
  addClockMinutes, clockMinutesBetween, isWorkingDay, nextBusinessInstant, ZBusinessCalendar, type TBusinessCalendar,
} from './business-calendar';
import { policyFor } from './default-policies';
import { describeStep, ZEscalationAudience, ZEscalationRole } from './escalation';
import {
  legalClockCovers, ZDeadlineKind, ZEscalationAction, ZSlaClock, ZSlaPolicySet, type TEscalationStep, type TLegalClock,
  type TSlaClock, type TSlaPolicySet,
} from './policy-schema';
import { DAY_MS, MINUTE_MS, assertValidDate, vietnamWallClock } from './vietnam-time';

/** Sub-categories that name a child, whatever the ages recorded. */
export const CHILD_SUB_CATEGORIES: readonly string[] = ['child_sexual_abuse', 'child_labour', 'child_with_disability', 'newborn_abandoned'];

export const ZPlanSubject = z.object({
  group: ZPersonGroup.optional(),
  ageYears: z.number().int().min(0).max(130).optional(),
});
export type TPlanSubject = z.infer<typeof ZPlanSubject>;

export const ZDeadlinePlanInput = z.object({
  category: ZCategory,
  riskLevel: ZRiskLevel,
  subCategories: z.array(ZSubCategory).default([]),
  /** Groups and ages only: names never reach the planner. */
  subjects: z.array(ZPlanSubject).default([]),
  /** When the hotline received the information (the call started). */
  receivedAt: z.date(),
  acceptedAt: z.date().nullish(),
  firstContactAt: z.date().nullish(),
  /** Follow-ups recorded (contact, home visit), any order. */
  followUpsDoneAt: z.array(z.date()).default([]),
  closedAt: z.date().nullish(),
  policies: ZSlaPolicySet,
  calendar: ZBusinessCalendar,
});
/** Optional fields may be left out; policies and calendar are the parsed (stored) documents. */
export type TDeadlinePlanInput = Omit<z.input<typeof ZDeadlinePlanInput>, 'policies' | 'calendar'> & {
  policies: TSlaPolicySet;
  calendar: TBusinessCalendar;
};

export const REMINDER_AUDIENCES = ['partner', 'province_managers'] as const;
export const ZReminderAudience = z.enum(REMINDER_AUDIENCES);

export const ZPlannedReminder = z.object({
  fireAt: z.date(),
  /** Share of the window elapsed at fireAt, on the deadline's clock. */
  fraction: z.number(),
  /** Wall-clock minutes from fireAt to the due time. */
  minutesBeforeDue: z.number(),
  /** `partner`: the partner offered or working the case (SMS: see quiet-hours). `province_managers`: legal-clock alerts. */
  audience: ZReminderAudience,
});
export type TPlannedReminder = z.infer<typeof ZPlannedReminder>;

export const ZPlannedEscalation = z.object({
  level: z.number().int().min(1),
  action: ZEscalationAction,
  audience: ZEscalationAudience,
  role: ZEscalationRole.nullable(),
  fireAt: z.date(),
});
export type TPlannedEscalation = z.infer<typeof ZPlannedEscalation>;

export const DEADLINE_STATUSES = ['pending', 'met', 'cancelled'] as const;
export const ZDeadlineStatus = z.enum(DEADLINE_STATUSES);
export type TDeadlineStatus = z.infer<typeof ZDeadlineStatus>;

export const ZPlannedDeadline = z.object({
  /** Stable within a case: `accept`, `first_contact`, `follow_up:2`, `legal_clock`. */
  key: z.string(),
  kind: ZDeadlineKind,
  /** Follow-up number (1-based) and its days after first contact; null for other kinds. */
  n: z.number().int().min(1).nullable(),
  afterDays: z.number().int().min(1).nullable(),
  clock: ZSlaClock,
  /** Whether the deadline may be paused (never for the legal clock). */
  pausable: z.boolean(),
  startsAt: z.date(),
  dueAt: z.date(),
  status: ZDeadlineStatus,
  metAt: z.date().nullable(),
  /** Met after dueAt; null unless met. */
  metLate: z.boolean().nullable(),
  reminders: z.array(ZPlannedReminder),
  /** The steps taken if the deadline is still not met, with their levels and times. */
  escalation: z.array(ZPlannedEscalation),
});
export type TPlannedDeadline = z.infer<typeof ZPlannedDeadline>;

/**
 * Reminder instants at `fractions` of the window from `start` to `due` on a
 * clock: on the business clock, fractions of the business time in between.
 */
export function reminderTimes(
  start: Date,
  due: Date,
  fractions: readonly number[],
  clock: TSlaClock,
  calendar: TBusinessCalendar,
): { fireAt: Date; fraction: number }[] {
  assertValidDate(start, 'start');
  assertValidDate(due, 'due');
  if (due.getTime() < start.getTime()) throw new RangeError('due must not be before start');
  const total = clockMinutesBetween(start, due, clock, calendar);
  return fractions.map((fraction) => {
    if (!(fraction > 0 && fraction < 1)) throw new RangeError(`fractions must be in (0, 1), got ${fraction}`);
    return { fireAt: addClockMinutes(start, fraction * total, clock, calendar), fraction };
  });
}

/** Whether a subject is a child: by group or age, or by a sub-category naming a child. */
export function involvesChild(subjects: readonly TPlanSubject[], subCategories: readonly string[] = []): boolean {
  return subjects.some((s) => personGroupOf(s) === 'child') || subCategories.some((s) => CHILD_SUB_CATEGORIES.includes(s));
}

/** Whether the legal child-protection clock runs for this case. */
export function legalClockApplies(
  legalClock: TLegalClock,
  c: { category: TCategory; riskLevel: TRiskLevel; subjects?: readonly TPlanSubject[]; subCategories?: readonly string[] },
): boolean {
  if (!legalClockCovers(legalClock, c.category, c.riskLevel)) return false;
  return legalClock.categories.includes(c.category) || involvesChild(c.subjects ?? [], c.subCategories ?? []);
}

function escalations(steps: readonly TEscalationStep[], dueAt: Date, clock: TSlaClock, calendar: TBusinessCalendar): TPlannedEscalation[] {
  return steps.map((step, i) => {
    const d = describeStep(step, i + 1, steps.length);
    return { level: d.level, action: d.action, audience: d.audience, role: d.role, fireAt: addClockMinutes(dueAt, step.afterMinutes, clock, calendar) };
  });
}

function outcome(dueAt: Date, metAt: Date | null | undefined, closedAt: Date | null | undefined) {
  if (metAt) return { status: 'met' as const, metAt: new Date(metAt.getTime()), metLate: metAt.getTime() > dueAt.getTime() };
  return { status: closedAt ? ('cancelled' as const) : ('pending' as const), metAt: null, metLate: null };
}

/** Calendar days after `anchor`; on the business clock moved to working time as described above. */
function followUpDue(anchor: Date, days: number, clock: TSlaClock, calendar: TBusinessCalendar): Date {
  let at = anchor.getTime() + days * DAY_MS;
  if (clock === 'around_the_clock') return new Date(at);
  for (let i = 0; i < 3 * 366 && !isWorkingDay(vietnamWallClock(at).date, calendar); i++) at += DAY_MS;
  return nextBusinessInstant(new Date(at), calendar);
}

/** The deadlines the case should carry, in a fixed order: accept, first_contact, follow_up 1…n, legal_clock. */
export function planDeadlines(input: TDeadlinePlanInput): TPlannedDeadline[] {
  const { category, riskLevel, receivedAt, acceptedAt, firstContactAt, closedAt, policies: set, calendar: cal } = input;
  assertValidDate(receivedAt, 'receivedAt');
  for (const [name, d] of [['acceptedAt', acceptedAt], ['firstContactAt', firstContactAt], ['closedAt', closedAt]] as const) {
    if (d) assertValidDate(d, name);
  }
  const plan: TPlannedDeadline[] = [];
  const policy = policyFor(set, category, riskLevel);

  if (policy) {
    const { clock } = policy;
    const windowed = (kind: 'accept' | 'first_contact', minutes: number, metAt: Date | null | undefined): TPlannedDeadline => {
      const dueAt = addClockMinutes(receivedAt, minutes, clock, cal);
      return {
        key: kind, kind, n: null, afterDays: null, clock, pausable: true, startsAt: new Date(receivedAt.getTime()), dueAt,
        ...outcome(dueAt, metAt, closedAt),
        reminders: reminderTimes(receivedAt, dueAt, policy.reminderFractions, clock, cal).map((r) => ({
          ...r, minutesBeforeDue: (dueAt.getTime() - r.fireAt.getTime()) / MINUTE_MS, audience: 'partner' as const,
        })),
        escalation: escalations(policy.escalation[kind], dueAt, clock, cal),
      };
    };
    plan.push(windowed('accept', policy.acceptWithinMinutes, acceptedAt));
    plan.push(windowed('first_contact', policy.firstContactWithinMinutes, firstContactAt));

    if (firstContactAt) {
      const done = (input.followUpsDoneAt ?? [])
        .filter((d) => { assertValidDate(d, 'followUpsDoneAt'); return d.getTime() >= firstContactAt.getTime(); })
        .map((d) => d.getTime())
        .sort((a, b) => a - b);
      let startsAt = new Date(firstContactAt.getTime());
      policy.followUpAfterDays.forEach((days, i) => {
        const n = i + 1;
        const dueAt = followUpDue(firstContactAt, days, clock, cal);
        const doneAt = done[i];
        plan.push({
          key: `follow_up:${n}`, kind: 'follow_up', n, afterDays: days, clock, pausable: true, startsAt, dueAt,
          ...outcome(dueAt, doneAt === undefined ? null : new Date(doneAt), closedAt),
          reminders: reminderTimes(startsAt, dueAt, policy.reminderFractions, clock, cal).map((r) => ({
            ...r, minutesBeforeDue: (dueAt.getTime() - r.fireAt.getTime()) / MINUTE_MS, audience: 'partner' as const,
          })),
          escalation: escalations(policy.escalation.follow_up, dueAt, clock, cal),
        });
        startsAt = dueAt;
      });
    }
  }

  const legal = set.legalClock;
  if (legalClockApplies(legal, { category, riskLevel, subjects: input.subjects ?? [], subCategories: input.subCategories ?? [] })) {
    const windowMinutes = legal.withinHours * 60;
    const dueAt = new Date(receivedAt.getTime() + windowMinutes * MINUTE_MS);
    plan.push({
      key: 'legal_clock', kind: 'legal_clock', n: null, afterDays: null, clock: 'around_the_clock', pausable: false,
      startsAt: new Date(receivedAt.getTime()), dueAt,
      ...outcome(dueAt, firstContactAt, closedAt),
      reminders: legal.escalateBeforeMinutes.map((before) => ({
        fireAt: new Date(dueAt.getTime() - before * MINUTE_MS),
        fraction: 1 - before / windowMinutes,
        minutesBeforeDue: before,
        audience: 'province_managers' as const,
      })),
      escalation: escalations(legal.escalation, dueAt, 'around_the_clock', cal),
    });
  }
  return plan;
}
