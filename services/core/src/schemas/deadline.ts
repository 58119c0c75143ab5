/** A case's SLA deadline as the API and console see it (kept apart from sla.ts so case.ts can embed it). */
import { z } from 'zod';
import { ZDeadlineKind, ZSlaClock } from '../sla/policy-schema';
import { ZIsoDate, ZObjectId } from './common';

/** A stored deadline's state. `breached` stays until the case closes (then the chain stops). */
export const DEADLINE_STATES = ['pending', 'met', 'breached', 'cancelled'] as const;
export const ZDeadlineState = z.enum(DEADLINE_STATES);
export type TDeadlineState = z.infer<typeof ZDeadlineState>;

export const ZDeadlineView = z.object({
  id: ZObjectId,
  caseId: ZObjectId,
  referralId: ZObjectId.nullable(),
  /** Stable within a case: accept, first_contact, follow_up:N, legal_clock. */
  key: z.string(),
  kind: ZDeadlineKind,
  clock: ZSlaClock,
  startsAt: ZIsoDate,
  dueAt: ZIsoDate,
  state: ZDeadlineState,
  /** 0 = not escalated; otherwise the last step of the chain taken. */
  escalationLevel: z.number().int().min(0),
  remindersSent: z.number().int().min(0),
  metAt: ZIsoDate.nullable(),
  breachedAt: ZIsoDate.nullable(),
});
export type TDeadlineView = z.infer<typeof ZDeadlineView>;

