/** `case.triaged`: a new case is triaged and, when referable, routed (round 1) in the same job. */
import { JOBS } from '@hotline/queue';
import { casesAwaitingIntake, triageCase } from '@hotline/referrals';
import { defineHandler } from './job-handler';

export const triageJob = defineHandler(JOBS.triage, {
  handle: (deps, { caseId }, { job }) => triageCase(deps, caseId, { jobId: job.id ?? null, attempt: job.attemptsMade + 1 }),
  async recover(_deps, { before, ensure }) {
    for (const caseId of await casesAwaitingIntake(before)) await ensure(undefined, { caseId });
  },
});
