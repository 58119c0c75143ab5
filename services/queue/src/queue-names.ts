/** Queue and job names are persisted in Redis: never rename one casually. */
export const QUEUE_NAMES = {
  triage: 'triage',
  routing: 'routing',
  notifications: 'notifications',
  sla: 'sla',
  maintenance: 'maintenance',
} as const;
export type TQueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const JOB_NAMES = {
  caseTriaged: 'case.triaged',
  caseRoute: 'case.route',
  referralNotify: 'referral.notify',
  offerTimeout: 'referral.offer-timeout',
  reconcile: 'reconcile',
  /** One SLA deadline's timer: whatever step of it is due (reminder, held SMS, breach, escalation). */
  slaTimer: 'sla.timer',
} as const;
