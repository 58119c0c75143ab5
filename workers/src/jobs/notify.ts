/** `referral.notify`: sends one notice of a referral's channel list (at most N a second across workers). */
import { Worker } from 'bullmq';
import { JOBS } from '@hotline/queue';
import { openOfferSteps, RateLimitedNotice, sendNotice } from '@hotline/referrals';
import { defineHandler } from './job-handler';

export const notifyJob = defineHandler(JOBS.notify, {
  async handle(deps, { referralId, step }, { worker }) {
    try {
      return { outcome: await sendNotice(deps, referralId, step) };
    } catch (err) {
      if (err instanceof RateLimitedNotice) {
        await worker.rateLimit(err.retryAfterMs);
        throw Worker.RateLimitError();
      }
      throw err;
    }
  },
  // An open offer whose current notice has not gone out gets its notice job back.
  async recover(deps, { before, ensure, shared }) {
    const steps = await shared('open-offers', () => openOfferSteps(deps, before));
    for (const s of steps) if (s.timeoutAt === null) await ensure(undefined, { referralId: s.referralId, step: s.step });
  },
});
