/**
 * `case.triaged`: a newly opened case becomes triaged (new → triaged) with a
 * timeline event. Runs at least once; the conditional write makes it count once.
 */
import type { Job } from 'bullmq';
import { isReferable } from '@hotline/core';
import { faultPoint, findCaseById, markCaseTriaged, relayCaseOutbox, SYSTEM_ACTOR, toCaseCard } from '@hotline/db';
import { publishCaseUpdated, ZTriageJob } from '@hotline/queue';
import { syncCaseDeadlines } from '@hotline/referrals';
import type { WorkerDeps } from '../worker-deps';

export function triageProcessor(deps: WorkerDeps) {
  return async (job: Job): Promise<{ triaged: boolean }> => {
    const { caseId } = ZTriageJob.parse(job.data);
    await faultPoint('triage.before-write');
    const updated = await markCaseTriaged(caseId, SYSTEM_ACTOR, { jobId: job.id ?? null, attempt: job.attemptsMade + 1 });
    if (!updated) {
      // Already triaged by an earlier run that crashed before finishing: finish what it started.
      await relayCaseOutbox(caseId);
      const kase = await findCaseById(caseId);
      if (kase && kase.status === 'triaged' && kase.routingRound === 0 && isReferable(kase.category)) await deps.producers.enqueueRouting(caseId, 1);
      await syncCaseDeadlines(deps, caseId);
      return { triaged: false };
    }
    const card = toCaseCard(updated);
    publishCaseUpdated(deps.realtime, card, 'case.triaged');
    deps.queueSummary.changed(card.provinceCode);
    if (isReferable(updated.category)) await deps.producers.enqueueRouting(caseId, 1);
    await syncCaseDeadlines(deps, caseId);
    return { triaged: true };
  };
}
