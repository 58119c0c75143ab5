/**
 * A partner answers an offer — from the console, an SMS reply or a keypad
 * choice on a voice call — or records first contact and completion. Every path
 * ends here, so each writes the same timeline events and socket events.
 */
import type { Types } from 'mongoose';
import type { TActor } from '@hotline/core';
import {
  answerReferral, findCaseById, findPartnerById, progressReferral, type AnswerResult, type ReferralDoc,
} from '@hotline/db';
import type { ReferralDeps } from './referral-deps';
import { caseDocChanged, publishReferralUpdated } from './referral-events';
import { rerouteCase } from './route-case';
import { syncDeadlinesAfterMilestone } from './sla/deadline-sync';

async function announce(deps: ReferralDeps, r: ReferralDoc) {
  const [kase, partner] = await Promise.all([findCaseById(r.caseId), findPartnerById(r.partnerId)]);
  if (!kase || !partner) return;
  publishReferralUpdated(deps.realtime, r, kase, partner.name, partner.userId?.toHexString() ?? null);
}

export async function answerOffer(
  deps: ReferralDeps,
  referralId: string | Types.ObjectId,
  decision: 'accept' | 'decline',
  via: 'console' | 'sms' | 'voice',
  actor: TActor,
  reason?: string,
): Promise<AnswerResult> {
  const result = await answerReferral(referralId, decision, via, actor, reason);
  if (result.outcome === 'accepted' || result.outcome === 'declined' || result.outcome === 'too_late') {
    if (result.referral) await announce(deps, result.referral);
    for (const w of result.withdrawn) await announce(deps, w);
    if (result.case) caseDocChanged(deps, result.case, `referral.${result.outcome}`);
  }
  if (result.needsReroute && result.referral) await rerouteCase(deps, result.referral.caseId);
  // Acceptance meets the accept deadline: its reminders and breach timer go.
  if (result.outcome === 'accepted' && result.referral) void syncDeadlinesAfterMilestone(deps, result.referral.caseId, 'referral.accepted');
  return result;
}

export async function recordReferralProgress(deps: ReferralDeps, referralId: Types.ObjectId, to: 'contacted' | 'completed', actor: TActor, note?: string) {
  const done = await progressReferral(referralId, to, actor, note);
  if (!done) return null;
  await announce(deps, done.referral);
  // First contact meets first_contact and the legal clock, and starts the follow-ups. Not awaited:
  // the answer does not wait for it, and a timer re-checks the milestones before it sends anything.
  void syncDeadlinesAfterMilestone(deps, done.referral.caseId, `referral.${to}`);
  if (done.case) caseDocChanged(deps, done.case, `referral.${to}`);
  return done;
}
