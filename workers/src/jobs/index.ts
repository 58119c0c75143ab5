/**
 * Every job's handler, one per spec in `JOBS` (@hotline/queue): the type below
 * refuses a spec without its handler. The workers' registration and the
 * reconciler read this list.
 */
import type { JOBS, TJobKind } from '@hotline/queue';
import type { JobHandler } from './job-handler';
import { notifyJob } from './notify';
import { offerTimeoutJob } from './offer-timeout';
import { createReconciler, reconcileJob } from './reconcile';
import { retentionJob } from './retention';
import { routeJob } from './route';
import { slaTimerJob } from './sla-timer';
import { triageJob } from './triage';

type Handlers<K extends TJobKind> = { readonly [P in K]: JobHandler<(typeof JOBS)[P]> };

const WORK: Handlers<Exclude<TJobKind, 'reconcile'>> = {
  triage: triageJob,
  route: routeJob,
  notify: notifyJob,
  offerTimeout: offerTimeoutJob,
  slaTimer: slaTimerJob,
  retention: retentionJob,
};

/** One reconciler per process (it keeps which provinces' stats it checked last). */
export const reconcile = createReconciler(Object.values(WORK));

export const JOB_HANDLERS: Handlers<TJobKind> = { ...WORK, reconcile: reconcileJob(reconcile) };
