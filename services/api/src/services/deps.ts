import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { TEnv } from '@hotline/core';
import type { Producers, QueueSummaryNotifier, RealtimePublisher } from '@hotline/queue';
import type { ReferralDeps } from '@hotline/referrals';

/** What routes and services need from the outside world; built once in main.ts (or by a test). */
export interface ApiDeps {
  env: TEnv;
  logger: Logger;
  redis: Redis;
  producers: Producers;
  realtime: RealtimePublisher;
  queueSummary: QueueSummaryNotifier;
  /** The referral services (answers from the console, SMS replies and keypad calls). */
  referrals: ReferralDeps;
}
