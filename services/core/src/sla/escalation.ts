/**
 * What happens when a deadline has passed: the next step of its escalation
 * chain and who it goes to. Pure; the escalation worker stores the level it
 * reached on the deadline and asks for the next one each time.
 */
import { z } from 'zod';
import type { TRole } from '../enums';
import {
  ZEscalationAction, type TDeadlineKind, type TEscalationAction, type TEscalationStep, type TLegalClock,
  type TPolicyDeadlineKind, type TSlaPolicy,
} from './policy-schema';

/** Who an escalation step reaches. `next_candidate`: the routing worker offers the case to the next partner. */
export const ESCALATION_AUDIENCES = ['next_candidate', 'province_supervisors', 'province_managers'] as const;
export const ZEscalationAudience = z.enum(ESCALATION_AUDIENCES);
export type TEscalationAudience = z.infer<typeof ZEscalationAudience>;

/** Staff roles (enums.ROLES) an escalation notifies in the case's province. */
export const ZEscalationRole = z.enum(['supervisor', 'manager']);
export type TEscalationRole = z.infer<typeof ZEscalationRole> & TRole;

export const ESCALATION_TARGET: Readonly<Record<TEscalationAction, { audience: TEscalationAudience; role: TEscalationRole | null; labelVi: string }>> = {
  reoffer: { audience: 'next_candidate', role: null, labelVi: 'Chuyển cho đối tác kế tiếp' },
  supervisor: { audience: 'province_supervisors', role: 'supervisor', labelVi: 'Báo giám sát viên' },
  province_manager: { audience: 'province_managers', role: 'manager', labelVi: 'Báo lãnh đạo cấp tỉnh' },
};

export const ZEscalationDecision = z.object({
  /** 1 for the first step of the chain. Store it on the deadline as its new level. */
  level: z.number().int().min(1),
  action: ZEscalationAction,
  audience: ZEscalationAudience,
  /** The staff role to notify in the case's province; null for a reoffer. */
  role: ZEscalationRole.nullable(),
  /** Minutes after the deadline (on its clock) this step is due. */
  afterMinutes: z.number().int().min(0),
  /** No step follows this one. */
  last: z.boolean(),
});
export type TEscalationDecision = z.infer<typeof ZEscalationDecision>;

/** The chain of a deadline kind: the policy's for accept, first contact and follow-up; the legal clock's own for legal_clock. */
export function escalationChain(policy: TLegalClock, kind: 'legal_clock'): readonly TEscalationStep[];
export function escalationChain(policy: TSlaPolicy, kind: TPolicyDeadlineKind): readonly TEscalationStep[];
export function escalationChain(policy: TSlaPolicy | TLegalClock, kind: TDeadlineKind): readonly TEscalationStep[];
export function escalationChain(policy: TSlaPolicy | TLegalClock, kind: TDeadlineKind): readonly TEscalationStep[] {
  const isLegal = 'kind' in policy && policy.kind === 'legal_child_protection';
  if ((kind === 'legal_clock') !== isLegal) {
    throw new TypeError(kind === 'legal_clock' ? 'legal_clock escalates by the legal clock definition, not a category policy' : `${kind} escalates by a category policy, not the legal clock`);
  }
  return isLegal ? policy.escalation : (policy as TSlaPolicy).escalation[kind as TPolicyDeadlineKind];
}

export function describeStep(step: TEscalationStep, level: number, chainLength: number): TEscalationDecision {
  const target = ESCALATION_TARGET[step.action];
  return { level, action: step.action, audience: target.audience, role: target.role, afterMinutes: step.afterMinutes, last: level >= chainLength };
}

/**
 * The step after `currentLevel` (0 = not escalated yet) for a passed deadline
 * of `kind`, or null when the chain is exhausted. The order is always
 * reoffer → supervisor → province_manager (the schema refuses other orders).
 */
export function nextEscalation(policy: TLegalClock, kind: 'legal_clock', currentLevel: number): TEscalationDecision | null;
export function nextEscalation(policy: TSlaPolicy, kind: TPolicyDeadlineKind, currentLevel: number): TEscalationDecision | null;
export function nextEscalation(policy: TSlaPolicy | TLegalClock, kind: TDeadlineKind, currentLevel: number): TEscalationDecision | null;
export function nextEscalation(policy: TSlaPolicy | TLegalClock, kind: TDeadlineKind, currentLevel: number): TEscalationDecision | null {
  if (!Number.isInteger(currentLevel) || currentLevel < 0) throw new RangeError(`currentLevel must be an integer ≥ 0, got ${currentLevel}`);
  const chain = escalationChain(policy, kind);
  const step = chain[currentLevel];
  return step ? describeStep(step, currentLevel + 1, chain.length) : null;
}
