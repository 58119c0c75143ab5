/**
 * The case status lifecycle: new → triaged → referred → accepted →
 * in_progress → follow_up → closed, with reopen (closed → triaged).
 */
import type { TCaseStatus } from './enums';
import { DomainError, fieldError } from './errors';

const TRANSITIONS: Readonly<Record<TCaseStatus, readonly TCaseStatus[]>> = {
  new: ['triaged', 'closed'],
  triaged: ['referred', 'in_progress', 'closed'],
  referred: ['accepted', 'triaged', 'closed'],
  accepted: ['in_progress', 'referred', 'closed'],
  in_progress: ['follow_up', 'closed'],
  follow_up: ['in_progress', 'closed'],
  closed: ['triaged'],
};

export function allowedTransitions(from: TCaseStatus): readonly TCaseStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: TCaseStatus, to: TCaseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Closing and reopening must say why: the reason goes on the timeline. */
export function reasonRequired(from: TCaseStatus, to: TCaseStatus): boolean {
  return to === 'closed' || from === 'closed';
}

export function isReopen(from: TCaseStatus, to: TCaseStatus): boolean {
  return from === 'closed' && to !== 'closed';
}

/** Throws the 409 / 400 a client gets for a refused change. */
export function assertTransition(from: TCaseStatus, to: TCaseStatus, reason: string | undefined): void {
  if (!canTransition(from, to)) {
    throw new DomainError('illegal_transition', `A case cannot go from ${from} to ${to}`, [
      { path: 'to', message: `allowed from ${from}: ${TRANSITIONS[from].join(', ') || 'none'}` },
    ]);
  }
  if (reasonRequired(from, to) && !reason?.trim()) {
    throw fieldError('reason', `is required to go from ${from} to ${to}`);
  }
}
