/** Queue names are persisted in Redis: never rename one casually. Job names are in `job-specs.ts`. */
export const QUEUE_NAMES = {
  triage: 'triage',
  routing: 'routing',
  notifications: 'notifications',
  sla: 'sla',
  maintenance: 'maintenance',
} as const;
export type TQueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
