import type { TEnv } from '@hotline/core';
import type { PresenceReader, Producers, QueueSummaryNotifier, RealtimePublisher } from '@hotline/queue';
import type { Telephony } from './telephony-setup';

/** What the referral services need; the API and the workers each build one. */
export interface ReferralDeps {
  env: TEnv;
  producers: Producers;
  realtime: RealtimePublisher;
  queueSummary: QueueSummaryNotifier;
  /** Which users have a console connected now (the socket gateway keeps it in Redis). */
  presence: PresenceReader;
  telephony: Telephony;
  log: (level: 'info' | 'warn' | 'error', fields: Record<string, unknown>, msg: string) => void;
}
