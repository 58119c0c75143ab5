import { Worker, type Job } from 'bullmq';
import { onOfferTimeout, RateLimitedNotice, sendNotice, type ReferralDeps } from '@hotline/referrals';
import { JOB_NAMES, ZNotifyJob } from '@hotline/queue';

/** `referral.notify` sends one notice; `referral.offer-timeout` moves an unanswered offer along. */
export function notificationsProcessor(deps: ReferralDeps, worker: () => Worker | undefined) {
  return async (job: Job) => {
    const { referralId, step } = ZNotifyJob.parse(job.data);
    if (job.name === JOB_NAMES.offerTimeout) return { outcome: await onOfferTimeout(deps, referralId, step) };
    try {
      return { outcome: await sendNotice(deps, referralId, step) };
    } catch (err) {
      if (err instanceof RateLimitedNotice) {
        await worker()?.rateLimit(err.retryAfterMs);
        throw Worker.RateLimitError();
      }
      throw err;
    }
  };
}
