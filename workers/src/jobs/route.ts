/**
 * `case.route`: a later routing round (see @hotline/referrals route-case); round 1 is the triage job's.
 * Not recovered here yet: a reroute lost with Redis waits for the SLA escalation (re-offer).
 */
import { JOBS } from '@hotline/queue';
import { routeCase } from '@hotline/referrals';
import { defineHandler } from './job-handler';

export const routeJob = defineHandler(JOBS.route, {
  handle: async (deps, { caseId, round }) => ({ outcome: await routeCase(deps, caseId, round) }),
});
