/**
 * The policies a new installation starts with, and the lookup the planner uses.
 *
 * | risk      | accept | first contact | clock            |
 * |-----------|--------|---------------|------------------|
 * | emergency | 15 min | 2 h           | around the clock |
 * | high      | 1 h    | 12 h          | around the clock |
 * | medium    | 4 h    | 24 h          | business hours   |
 * | low       | 24 h   | 72 h          | business hours   |
 *
 * Every referable category gets the row of its risk level; follow-ups 3, 7
 * and 30 days after the first contact until the case is closed; reminders at
 * 50 % and 80 % of each window. information_request has no referral deadlines.
 */
import { CATEGORY_CODES, RISK_LEVELS, type TCategory, type TRiskLevel } from '../enums';
import {
  ZSlaPolicySet, type TEscalationChains, type TSlaClock, type TSlaPolicy, type TSlaPolicySet, type TSlaPolicySetInput,
} from './policy-schema';

interface RiskDefaults {
  clock: TSlaClock;
  acceptWithinMinutes: number;
  firstContactWithinMinutes: number;
  escalation: TEscalationChains;
}

const H = 60;

/** Escalation delays are minutes after the deadline on the deadline's own clock (business minutes for medium and low). */
export const DEFAULTS_BY_RISK: Readonly<Record<TRiskLevel, RiskDefaults>> = {
  emergency: {
    clock: 'around_the_clock',
    acceptWithinMinutes: 15,
    firstContactWithinMinutes: 2 * H,
    escalation: {
      accept: [{ action: 'reoffer', afterMinutes: 0 }, { action: 'supervisor', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 15 }],
      first_contact: [{ action: 'supervisor', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 30 }],
      follow_up: [{ action: 'supervisor', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 24 * H }],
    },
  },
  high: {
    clock: 'around_the_clock',
    acceptWithinMinutes: 1 * H,
    firstContactWithinMinutes: 12 * H,
    escalation: {
      accept: [{ action: 'reoffer', afterMinutes: 0 }, { action: 'supervisor', afterMinutes: 15 }, { action: 'province_manager', afterMinutes: 1 * H }],
      first_contact: [{ action: 'supervisor', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 2 * H }],
      follow_up: [{ action: 'supervisor', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 24 * H }],
    },
  },
  medium: {
    clock: 'business_hours',
    acceptWithinMinutes: 4 * H,
    firstContactWithinMinutes: 24 * H,
    escalation: {
      accept: [{ action: 'reoffer', afterMinutes: 0 }, { action: 'supervisor', afterMinutes: 1 * H }, { action: 'province_manager', afterMinutes: 8 * H }],
      first_contact: [{ action: 'supervisor', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 8 * H }],
      follow_up: [{ action: 'supervisor', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 16 * H }],
    },
  },
  low: {
    clock: 'business_hours',
    acceptWithinMinutes: 24 * H,
    firstContactWithinMinutes: 72 * H,
    escalation: {
      accept: [{ action: 'reoffer', afterMinutes: 0 }, { action: 'supervisor', afterMinutes: 4 * H }, { action: 'province_manager', afterMinutes: 16 * H }],
      first_contact: [{ action: 'supervisor', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 16 * H }],
      follow_up: [{ action: 'supervisor', afterMinutes: 0 }, { action: 'province_manager', afterMinutes: 40 * H }],
    },
  },
};

export const DEFAULT_FOLLOW_UP_DAYS = [3, 7, 30] as const;
export const DEFAULT_REMINDER_FRACTIONS = [0.5, 0.8] as const;
export const DEFAULT_NO_DEADLINE_CATEGORIES: readonly TCategory[] = ['information_request'];

function buildDefaults(): TSlaPolicySetInput {
  const policies = CATEGORY_CODES.filter((c) => !DEFAULT_NO_DEADLINE_CATEGORIES.includes(c)).flatMap((category) =>
    RISK_LEVELS.map((riskLevel) => {
      const d = DEFAULTS_BY_RISK[riskLevel];
      return {
        category,
        riskLevel,
        clock: d.clock,
        acceptWithinMinutes: d.acceptWithinMinutes,
        firstContactWithinMinutes: d.firstContactWithinMinutes,
        followUpAfterDays: [...DEFAULT_FOLLOW_UP_DAYS],
        reminderFractions: [...DEFAULT_REMINDER_FRACTIONS],
        escalation: structuredClone(d.escalation),
      };
    }),
  );
  return { noDeadlineCategories: [...DEFAULT_NO_DEADLINE_CATEGORIES], policies, legalClock: { kind: 'legal_child_protection' } };
}

/** A fresh copy of the default policy set, validated (safe to edit and store). */
export function defaultSlaPolicies(): TSlaPolicySet {
  return ZSlaPolicySet.parse(buildDefaults());
}

/** The defaults, validated once at load: a mistake here fails every test. */
export const DEFAULT_SLA_POLICIES: TSlaPolicySet = Object.freeze(defaultSlaPolicies());

/**
 * The policy of a category × risk level, or null for categories without
 * referral deadlines (information_request). Throws when a referable pair has
 * no policy: a case must never be left without deadlines silently. Sets that
 * passed ZSlaPolicySet always have one.
 */
export function policyFor(policies: TSlaPolicySet, category: TCategory, riskLevel: TRiskLevel): TSlaPolicy | null {
  if (policies.noDeadlineCategories.includes(category)) return null;
  const found = policies.policies.find((p) => p.category === category && p.riskLevel === riskLevel);
  if (!found) throw new Error(`No SLA policy for ${category} × ${riskLevel}: the policy set must cover every referable category and risk level`);
  return found;
}
