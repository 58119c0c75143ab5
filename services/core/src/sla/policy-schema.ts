/**
 * SLA policies: for each category × risk level, how fast a case must be
 * accepted and first contacted, when it is followed up, on which clock, when
 * reminders go out and who is told when a deadline passes; plus the legal
 * clock for children at risk of serious harm. Stored as one document and
 * edited by an admin (`GET/PUT /api/sla-policies`); every type here comes
 * from these schemas.
 */
import { z } from 'zod';
import { CATEGORY_CODES, RISK_LEVELS, ZCategory, ZRiskLevel, type TCategory, type TRiskLevel } from '../enums';

/** `around_the_clock`: plain elapsed time. `business_hours`: only the working hours of the business calendar count. */
export const SLA_CLOCKS = ['around_the_clock', 'business_hours'] as const;
export const ZSlaClock = z.enum(SLA_CLOCKS);
export type TSlaClock = z.infer<typeof ZSlaClock>;

/** Every deadline a case or referral can carry. */
/** `reunification_visit`: a follow-up visit after a facility's resident went home (planned from the resident, not the case's policy). */
export const DEADLINE_KINDS = ['accept', 'first_contact', 'follow_up', 'legal_clock', 'reunification_visit'] as const;
export const ZDeadlineKind = z.enum(DEADLINE_KINDS);
export type TDeadlineKind = z.infer<typeof ZDeadlineKind>;

/** The deadlines a category × risk policy sets (the legal clock has its own definition). */
export const POLICY_DEADLINE_KINDS = ['accept', 'first_contact', 'follow_up'] as const satisfies readonly TDeadlineKind[];
export type TPolicyDeadlineKind = (typeof POLICY_DEADLINE_KINDS)[number];

/**
 * What happens when a deadline passes, in the only order allowed:
 * `reoffer` (route the case to the next candidate partner), then `supervisor`
 * (the province's supervisors), then `province_manager`.
 */
export const ESCALATION_ACTIONS = ['reoffer', 'supervisor', 'province_manager'] as const;
export const ZEscalationAction = z.enum(ESCALATION_ACTIONS);
export type TEscalationAction = z.infer<typeof ZEscalationAction>;
const rank = (a: TEscalationAction) => ESCALATION_ACTIONS.indexOf(a);

const MAX_MINUTES = 60 * 24 * 60; // 60 days

export const ZEscalationStep = z
  .object({
    action: ZEscalationAction,
    /** Minutes after the deadline (on the deadline's clock) at which this step is taken if the deadline is still not met. */
    afterMinutes: z.number().int().min(0).max(MAX_MINUTES),
  })
  .strict();
export type TEscalationStep = z.infer<typeof ZEscalationStep>;

/** The checks shared by every chain; `allowReoffer` is false where there is no offer to re-route. */
function checkChain(steps: readonly TEscalationStep[], ctx: z.RefinementCtx, allowReoffer: boolean): void {
  steps.forEach((step, i) => {
    if (step.action === 'reoffer' && !allowReoffer) {
      ctx.addIssue({ code: 'custom', path: [i, 'action'], message: 'reoffer only applies to accept and first-contact deadlines; escalate to a supervisor or the province manager' });
    }
    const prev = steps[i - 1];
    if (!prev) return;
    if (rank(step.action) < rank(prev.action)) {
      ctx.addIssue({ code: 'custom', path: [i, 'action'], message: `${step.action} cannot come after ${prev.action}: the order is reoffer → supervisor → province_manager` });
    }
    if (step.afterMinutes < prev.afterMinutes) {
      ctx.addIssue({ code: 'custom', path: [i, 'afterMinutes'], message: `must be at least ${prev.afterMinutes} (the step before it)` });
    }
  });
  const last = steps[steps.length - 1];
  if (last && last.action === 'reoffer') {
    ctx.addIssue({ code: 'custom', path: [steps.length - 1, 'action'], message: 'a chain must end with a person (supervisor or province_manager), not a reoffer' });
  }
}

const chain = (allowReoffer: boolean) =>
  z
    .array(ZEscalationStep)
    .min(1, 'needs at least one step: a passed deadline must reach someone')
    .max(10)
    .superRefine((steps, ctx) => checkChain(steps, ctx, allowReoffer));

/** One chain per deadline kind of the policy. */
export const ZEscalationChains = z
  .object({
    accept: chain(true),
    first_contact: chain(true),
    follow_up: chain(false),
  })
  .strict();
export type TEscalationChains = z.infer<typeof ZEscalationChains>;

const strictlyAscending = (values: readonly number[], ctx: z.RefinementCtx, what: string) => {
  values.forEach((v, i) => {
    const prev = values[i - 1];
    if (prev !== undefined && v <= prev) ctx.addIssue({ code: 'custom', path: [i], message: `must be greater than ${prev}: ${what} are listed in ascending order without repeats` });
  });
};

/** The policy of one category × risk level. */
export const ZSlaPolicy = z
  .object({
    category: ZCategory,
    riskLevel: ZRiskLevel,
    clock: ZSlaClock,
    /** From the time the case was received until a partner accepts the referral. */
    acceptWithinMinutes: z.number().int().min(1).max(MAX_MINUTES),
    /** From the time the case was received until the partner's first contact with the person at risk. */
    firstContactWithinMinutes: z.number().int().min(1).max(MAX_MINUTES),
    /** Follow-ups, in days after the first contact, until the case is closed. */
    followUpAfterDays: z
      .array(z.number().int().min(1).max(365))
      .max(12)
      .superRefine((v, ctx) => strictlyAscending(v, ctx, 'follow-up days')),
    /** Reminders at these fractions of each deadline's window, e.g. [0.5, 0.8]. */
    reminderFractions: z
      .array(
        z
          .number()
          .gt(0, 'must be greater than 0 (a fraction of the time allowed)')
          .lt(1, 'must be less than 1 (at 1 the deadline has passed)'),
      )
      .max(5)
      .superRefine((v, ctx) => strictlyAscending(v, ctx, 'fractions')),
    escalation: ZEscalationChains,
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.firstContactWithinMinutes < p.acceptWithinMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['firstContactWithinMinutes'],
        message: `must be at least acceptWithinMinutes (${p.acceptWithinMinutes}): a partner makes first contact after accepting`,
      });
    }
  });
export type TSlaPolicy = z.infer<typeof ZSlaPolicy>;
export type TSlaPolicyInput = z.input<typeof ZSlaPolicy>;

/** Categories where the child is the subject by definition. */
export const LEGAL_CHILD_CATEGORIES = ['child_abuse', 'abandoned_child', 'child_labour_trafficking'] as const satisfies readonly TCategory[];
/** Categories that concern a child only when one of the subjects is a child. */
export const LEGAL_CHILD_SUBJECT_CATEGORIES = ['sexual_abuse'] as const satisfies readonly TCategory[];

export const LEGAL_CLOCK_BASIS =
  'Nghị định 56/2017/NĐ-CP, Điều 26 và Điều 31: can thiệp trong vòng 12 giờ kể từ khi nhận được thông tin trẻ em có nguy cơ bị tổn hại nghiêm trọng';

const uniqueList = <T extends string>(values: readonly T[], ctx: z.RefinementCtx) => {
  values.forEach((v, i) => {
    if (values.indexOf(v) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${v} is listed twice` });
  });
};

/**
 * The legal window for a child at risk of serious harm. Always counted around
 * the clock and never paused: nights, weekends and Tết count.
 */
export const ZLegalClock = z
  .object({
    kind: z.literal('legal_child_protection'),
    withinHours: z.number().int().min(1).max(72).default(12),
    /** The category itself is about a child (child_abuse, abandoned_child, child_labour_trafficking). */
    categories: z
      .array(ZCategory)
      .default([...LEGAL_CHILD_CATEGORIES])
      .superRefine(uniqueList),
    /** The clock runs only when a subject is a child (by group or age), e.g. sexual_abuse. */
    childSubjectCategories: z
      .array(ZCategory)
      .default([...LEGAL_CHILD_SUBJECT_CATEGORIES])
      .superRefine(uniqueList),
    /** Risk levels meaning "at risk of serious harm". */
    riskLevels: z
      .array(ZRiskLevel)
      .min(1)
      .default(['emergency', 'high'])
      .superRefine(uniqueList),
    /** Alerts to the province manager this many minutes before the window ends, e.g. [120, 30]. */
    escalateBeforeMinutes: z
      .array(z.number().int().min(1))
      .max(5)
      .default([120, 30])
      .superRefine((v, ctx) =>
        v.forEach((m, i) => {
          const prev = v[i - 1];
          if (prev !== undefined && m >= prev) ctx.addIssue({ code: 'custom', path: [i], message: `must be less than ${prev}: list the earliest alert first` });
        }),
      ),
    /** When the window passes. Only people: there is no reoffer for a legal breach. */
    escalation: chain(false).default([{ action: 'province_manager', afterMinutes: 0 }]),
    legalBasis: z.string().trim().min(1).max(500).default(LEGAL_CLOCK_BASIS),
  })
  .strict()
  .superRefine((c, ctx) => {
    c.escalateBeforeMinutes.forEach((m, i) => {
      if (m >= c.withinHours * 60) {
        ctx.addIssue({ code: 'custom', path: ['escalateBeforeMinutes', i], message: `must be less than the window (${c.withinHours * 60} minutes)` });
      }
    });
    if (c.categories.length + c.childSubjectCategories.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'the legal clock must apply to at least one category' });
    }
    c.childSubjectCategories.forEach((cat, i) => {
      if (c.categories.includes(cat)) ctx.addIssue({ code: 'custom', path: ['childSubjectCategories', i], message: `${cat} is already in categories` });
    });
  });
export type TLegalClock = z.infer<typeof ZLegalClock>;

/** The stored document: every referable category × risk level has exactly one policy. */
export const ZSlaPolicySet = z
  .object({
    /** Categories that are answered on the phone and have no referral deadlines. */
    noDeadlineCategories: z
      .array(ZCategory)
      .default(['information_request'])
      .superRefine(uniqueList),
    policies: z.array(ZSlaPolicy).max(CATEGORY_CODES.length * RISK_LEVELS.length),
    legalClock: ZLegalClock,
  })
  .strict()
  .superRefine((set, ctx) => {
    const seen = new Map<string, number>();
    set.policies.forEach((p, i) => {
      const key = `${p.category} × ${p.riskLevel}`;
      if (set.noDeadlineCategories.includes(p.category)) {
        ctx.addIssue({ code: 'custom', path: ['policies', i, 'category'], message: `${p.category} has no referral deadlines (it is in noDeadlineCategories)` });
      }
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['policies', i], message: `duplicates the policy for ${key} at policies.${first}` });
      } else {
        seen.set(key, i);
      }
      if (legalClockCovers(set.legalClock, p.category, p.riskLevel)) {
        const windowMinutes = set.legalClock.withinHours * 60;
        if (p.clock !== 'around_the_clock') {
          ctx.addIssue({ code: 'custom', path: ['policies', i, 'clock'], message: `must be around_the_clock: the ${set.legalClock.withinHours}-hour legal clock applies to ${key}` });
        }
        if (p.firstContactWithinMinutes > windowMinutes) {
          ctx.addIssue({
            code: 'custom',
            path: ['policies', i, 'firstContactWithinMinutes'],
            message: `must be at most ${windowMinutes}: the ${set.legalClock.withinHours}-hour legal clock applies to ${key}`,
          });
        }
      }
    });
    for (const category of CATEGORY_CODES) {
      if (set.noDeadlineCategories.includes(category)) continue;
      for (const riskLevel of RISK_LEVELS) {
        if (!seen.has(`${category} × ${riskLevel}`)) {
          ctx.addIssue({ code: 'custom', path: ['policies'], message: `has no policy for ${category} × ${riskLevel}` });
        }
      }
    }
  });
export type TSlaPolicySet = z.infer<typeof ZSlaPolicySet>;
export type TSlaPolicySetInput = z.input<typeof ZSlaPolicySet>;

/** Whether the legal clock can apply to a category × risk level (for child-subject categories, when a subject is a child). */
export function legalClockCovers(clock: TLegalClock, category: TCategory, riskLevel: TRiskLevel): boolean {
  return clock.riskLevels.includes(riskLevel) && (clock.categories.includes(category) || clock.childSubjectCategories.includes(category));
}
