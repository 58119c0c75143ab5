/**
 * Where each open offer stands, for the reconciler: the job that moves it on
 * is its notice when the notice of its current channel has not gone out, else
 * the offer timeout due an offer window after the notice was sent.
 */
import { CaseModel, MessageModel, messageKey, ReferralModel } from '@hotline/db';
import type { ReferralDeps } from './referral-deps';
import { offerWindowMs } from './send-notice';

export interface OpenOfferStep {
  referralId: string;
  step: number;
  /** null: the notice of this step is still to be sent; else when the offer window of this step ends. */
  timeoutAt: Date | null;
}

export async function openOfferSteps(deps: Pick<ReferralDeps, 'env'>, before: Date, limit = 1000): Promise<OpenOfferStep[]> {
  const offered = await ReferralModel.find({ status: 'offered', updatedAt: { $lt: before } }).limit(limit).lean();
  const steps: OpenOfferStep[] = [];
  for (const r of offered) {
    const referralId = r._id.toHexString();
    const channel = r.channels[r.channelStep];
    const sent = channel ? await MessageModel.findOne({ idempotencyKey: messageKey(r._id, channel, r.channelStep) }).lean() : null;
    if (!sent || sent.status === 'pending') {
      steps.push({ referralId, step: r.channelStep, timeoutAt: null });
      continue;
    }
    const kase = await CaseModel.findById(r.caseId, { riskLevel: 1 }).lean();
    steps.push({ referralId, step: r.channelStep, timeoutAt: new Date(sent.createdAt.getTime() + (kase ? offerWindowMs(deps, kase) : 0)) });
  }
  return steps;
}
