import { Schema, model, type Types } from 'mongoose';
import {
  CATEGORY_CODES, DEADLINE_KINDS, DEADLINE_STATES, RISK_LEVELS, SLA_CLOCKS,
  type TCategory, type TDeadlineKind, type TDeadlineState, type TEscalationAction, type TEscalationAudience, type TRiskLevel, type TSlaClock,
} from '@hotline/core';

export interface DeadlineReminder {
  at: Date;
  fraction: number;
  audience: 'partner' | 'province_managers';
}

export interface DeadlineEscalationStep {
  level: number;
  action: TEscalationAction;
  audience: TEscalationAudience;
  at: Date;
}

/**
 * One SLA deadline of a case: the data the timers are rebuilt from. Its
 * reminders and escalation steps are planned (by core's planDeadlines) when
 * the deadline is written; `nextAt` is when its timer must fire next, and the
 * BullMQ job id is derived from it, so the reconciler can tell a missing timer.
 *
 * Every step is claimed by a conditional update on `version` (no
 * transactions): two workers firing the same step cannot both win. The
 * winner pushes the step into `effects` in the same update and pulls it out
 * once its notices went out, so a crash in between is finished by the sweep.
 */
export interface DeadlineDoc {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  /** The referral it concerns: the offer for accept, the accepted one afterwards. */
  referralId: Types.ObjectId | null;
  provinceCode: string;
  category: TCategory;
  riskLevel: TRiskLevel;
  key: string;
  kind: TDeadlineKind;
  clock: TSlaClock;
  /** What the times were planned from (category, risk, anchors); a change re-plans them. */
  planKey: string;
  startsAt: Date;
  dueAt: Date;
  reminders: DeadlineReminder[];
  escalation: DeadlineEscalationStep[];
  state: TDeadlineState;
  remindersSent: number;
  escalationLevel: number;
  /** A reminder SMS held by quiet hours: sent at releaseAt if the deadline is still pending. */
  heldSms: { index: number; releaseAt: Date } | null;
  /** When the timer fires next; null when nothing is left to do. */
  nextAt: Date | null;
  metAt: Date | null;
  breachedAt: Date | null;
  cancelledAt: Date | null;
  /** Steps claimed whose notices are not confirmed yet. */
  effects: DeadlineEffect[];
  /**
   * Query flags, kept at the top level where an index serves them (set by
   * `deadlineQueryFields`, the one place that derives them): `timed`, a timer
   * is due (`nextAt` set); `effectsPending`, a step was claimed since the
   * stale-effects sweep last found `effects` empty; `statsPending`, the SLA
   * counts (projections/sla-stats.ts) may not show this version yet.
   */
  timed: boolean;
  /** UTC hour (YYYY-MM-DDTHH) of `nextAt`, or null: the minute sweep reads only the hours it covers. */
  timerHour: string | null;
  /** `breachedAt` is set: the breach list reads by this flag and the province. */
  breached: boolean;
  effectsPending: boolean;
  statsPending: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type DeadlineEffect =
  | { id: string; type: 'reminder'; index: number; sms: 'send' | 'held' | 'none'; at: Date }
  | { id: string; type: 'sms_release'; index: number; at: Date }
  | { id: string; type: 'breach'; at: Date }
  | { id: string; type: 'escalation'; level: number; at: Date };

const schema = new Schema<DeadlineDoc>(
  {
    caseId: { type: Schema.Types.ObjectId, required: true },
    referralId: { type: Schema.Types.ObjectId, default: null },
    provinceCode: { type: String, required: true },
    category: { type: String, enum: CATEGORY_CODES, required: true },
    riskLevel: { type: String, enum: RISK_LEVELS, required: true },
    key: { type: String, required: true },
    kind: { type: String, enum: DEADLINE_KINDS, required: true },
    clock: { type: String, enum: SLA_CLOCKS, required: true },
    planKey: { type: String, required: true },
    startsAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    reminders: { type: Schema.Types.Mixed, default: () => [] },
    escalation: { type: Schema.Types.Mixed, default: () => [] },
    state: { type: String, enum: DEADLINE_STATES, required: true },
    remindersSent: { type: Number, default: 0 },
    escalationLevel: { type: Number, default: 0 },
    heldSms: { type: Schema.Types.Mixed, default: null },
    nextAt: { type: Date, default: null },
    metAt: { type: Date, default: null },
    breachedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    effects: { type: Schema.Types.Mixed, default: () => [] },
    timed: { type: Boolean, default: false },
    timerHour: { type: String, default: null },
    breached: { type: Boolean, default: false },
    effectsPending: { type: Boolean, default: false },
    statsPending: { type: Boolean, default: false },
    version: { type: Number, default: 1 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'deadlines', versionKey: false, minimize: false },
);
schema.index({ caseId: 1, key: 1 }, { unique: true });
schema.index({ timed: 1 });
schema.index({ timerHour: 1 });
schema.index({ effectsPending: 1 });
schema.index({ statsPending: 1 });
schema.index({ provinceCode: 1, state: 1 });
schema.index({ provinceCode: 1, breached: 1 });

/** The UTC hour a timer falls in (`timerHour`). */
export const timerHourOf = (at: Date): string => at.toISOString().slice(0, 13);

/** The query flags a deadline write carries with the fields they derive from. */
export function deadlineQueryFields(
  set: Partial<Pick<DeadlineDoc, 'nextAt' | 'breachedAt'>>,
  claimsEffect: boolean,
): Partial<Pick<DeadlineDoc, 'timed' | 'timerHour' | 'breached' | 'effectsPending' | 'statsPending'>> {
  return {
    ...('nextAt' in set ? { timed: Boolean(set.nextAt), timerHour: set.nextAt ? timerHourOf(set.nextAt) : null } : {}),
    ...('breachedAt' in set ? { breached: set.breachedAt !== null && set.breachedAt !== undefined } : {}),
    ...(claimsEffect ? { effectsPending: true } : {}),
    statsPending: true,
  };
}

export const DeadlineModel = model<DeadlineDoc>('Deadline', schema);
