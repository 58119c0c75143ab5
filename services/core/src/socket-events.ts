/**
 * The realtime contract between the API, the workers and the console.
 * Events name `entity.verb`; payloads carry cards (no names, no narrative):
 * the console fetches details over the audited REST API.
 */
import { z } from 'zod';
import { ZCallCard } from './schemas/call';
import { ZCaseCard } from './schemas/case';
import { ZObjectId } from './schemas/common';
import { ZQueueSummary } from './schemas/queue-summary';
import { ZReferralView, ZSystemCause } from './schemas/referral';
import { ZSlaBreachedEvent, ZSlaWarningEvent } from './schemas/sla';
import { ZVoiceRingEndedEvent, ZVoiceRingEvent } from './schemas/voice';

export const ZCaseUpdatedEvent = z.object({
  case: ZCaseCard,
  /** What happened: the timeline event type (case.triaged, case.status_changed, ...). */
  change: z.string(),
});

/** A referral as the partner's inbox and the case's watchers see it (no routing detail, no code). */
export const ZReferralCard = ZReferralView.omit({ code: true });
export type TReferralCard = z.infer<typeof ZReferralCard>;

export const ZUnroutableEvent = z.object({ case: ZCaseCard, round: z.number().int(), cause: ZSystemCause });

export const SERVER_EVENTS = {
  'call.created': ZCallCard,
  'case.created': ZCaseCard,
  'case.updated': ZCaseUpdatedEvent,
  'queue.summary': ZQueueSummary,
  /** To the partner's console: a new offer (it carries the answer code the SMS also shows). */
  'referral.offered': ZReferralView,
  'referral.updated': ZReferralCard,
  /** To the province's supervisors: no partner could be found; the case waits in the unroutable queue. */
  'routing.unroutable': ZUnroutableEvent,
  /** A deadline reminder (partner) or legal-clock alert (province managers). */
  'sla.warning': ZSlaWarningEvent,
  /** A deadline passed, and each escalation step after it (with `escalation`). */
  'sla.breached': ZSlaBreachedEvent,
  /** To one counsellor's console: a waiting call rings it (masked number, IVR choice, caller history). */
  'voice.ringing': ZVoiceRingEvent,
  /** To that console: the ring ended (answered, moved on, the caller hung up). */
  'voice.ring_ended': ZVoiceRingEndedEvent,
  /** To the province's staff: its live queue changed (the supervisor's screen re-reads it). */
  'voice.queue_changed': z.object({ province: z.string() }),
} as const;
export type TServerEventName = keyof typeof SERVER_EVENTS;
export type TServerEvents = { [K in TServerEventName]: (payload: z.infer<(typeof SERVER_EVENTS)[K]>) => void };

export const CLIENT_EVENTS = {
  /** Follow one case's live changes (access is checked). */
  'case.watch': z.object({ caseId: ZObjectId }).strict(),
  'case.unwatch': z.object({ caseId: ZObjectId }).strict(),
} as const;
export type TClientEventName = keyof typeof CLIENT_EVENTS;
export type TAck = (reply: { ok: true } | { ok: false; error: { code: string; message: string } }) => void;
export type TClientEvents = { [K in TClientEventName]: (payload: z.infer<(typeof CLIENT_EVENTS)[K]>, ack?: TAck) => void };

/** Everyone watching a case (staff and the partners holding it): case cards and SLA alerts, nothing about one partner. */
export const caseRoom = (caseId: string) => `case:${caseId}`;
/** Staff watching a case: also every partner's referral of it. */
export const caseStaffRoom = (caseId: string) => `case:${caseId}:staff`;
