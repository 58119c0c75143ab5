/**
 * A newly opened case's intake, the first job it gets: new → triaged (here and
 * nowhere else, once: a conditional write carrying its timeline event), its
 * SLA deadlines planned, then — when it waits for its first routing round —
 * routed at once, in the same job. Runs at least once: every step is
 * conditional or keyed by (case, round), so a re-run finishes what a crash left.
 */
import { awaitsFirstRound, intakePending } from '@hotline/core';
import { CaseModel, faultPoint, findCaseById, markCaseTriaged, relayCaseOutbox, SYSTEM_ACTOR } from '@hotline/db';
import type { ReferralDeps } from './referral-deps';
import { caseDocChanged } from './referral-events';
import { routeCase, type RouteOutcome } from './route-case';
import { syncCaseDeadlines } from './sla/deadline-sync';

export interface TriageOutcome {
  /** false when an earlier run (or a person) had triaged it already. */
  triaged: boolean;
  /** The first routing round's outcome; null when the case does not wait for one. */
  routed: RouteOutcome | null;
}

export async function triageCase(deps: ReferralDeps, caseId: string, run: { jobId: string | null; attempt: number }): Promise<TriageOutcome> {
  await faultPoint('triage.before-write');
  const updated = await markCaseTriaged(caseId, SYSTEM_ACTOR, run);
  // Not new any more: an earlier run may have written it and died before relaying its timeline event.
  if (updated) caseDocChanged(deps, updated, 'case.triaged');
  else await relayCaseOutbox(caseId);
  // Deadlines first: the legal clock runs whether or not routing succeeds at the first try.
  await syncCaseDeadlines(deps, caseId);
  const kase = updated ?? (await findCaseById(caseId));
  const routed = kase && awaitsFirstRound(kase) ? await routeCase(deps, caseId, 1) : null;
  return { triaged: updated !== null, routed };
}

/**
 * Cases whose intake a crash or a Redis loss may have left undone, for the
 * reconciler: still new, or triaged and waiting for their first round
 * (`intakePending`), and untouched for longer than `before`.
 */
export async function casesAwaitingIntake(before: Date, limit = 500): Promise<string[]> {
  const fields = { _id: 1, status: 1, routingRound: 1, category: 1 };
  const stuckNew = await CaseModel.find({ status: 'new', createdAt: { $lt: before } }, fields).limit(limit).lean();
  const unrouted = await CaseModel.find({ status: 'triaged', routingRound: 0, updatedAt: { $lt: before } }, fields).limit(limit).lean();
  return [...stuckNew, ...unrouted].filter(intakePending).map((c) => c._id.toHexString());
}
