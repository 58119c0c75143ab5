import type { Logger } from 'pino';
import type { ReferralDeps } from '@hotline/referrals';

export interface WorkerDeps extends ReferralDeps {
  logger: Logger;
}
