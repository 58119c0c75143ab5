/** `referral.offer-timeout`: an offer left unanswered moves to the next channel, or expires and goes to the next partner. */
import { JOBS } from '@hotline/queue';
import { onOfferTimeout, openOfferSteps } from '@hotline/referrals';
import { defineHandler } from './job-handler';

export const offerTimeoutJob = defineHandler(JOBS.offerTimeout, {
  handle: async (deps, { referralId, step }) => ({ outcome: await onOfferTimeout(deps, referralId, step) }),
  // An open offer whose notice went out gets back the timeout that ends its window.
  async recover(deps, { before, ensure, shared }) {
    const steps = await shared('open-offers', () => openOfferSteps(deps, before));
    for (const s of steps) if (s.timeoutAt !== null) await ensure(s.timeoutAt, { referralId: s.referralId, step: s.step });
  },
});
