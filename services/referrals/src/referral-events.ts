/** Realtime notices about referrals, shared by the routing and notification processors. */
import { caseRoom, provinceAudience, type TReferralView } from '@hotline/core';
import { toCaseCard, toReferralCard, toReferralView, type CaseDoc, type ReferralDoc } from '@hotline/db';
import { publishCaseUpdated, type RealtimePublisher } from '@hotline/queue';

export function publishReferralUpdated(rt: RealtimePublisher, r: ReferralDoc, kase: CaseDoc, partnerName: string, partnerUserId: string | null): TReferralView {
  const view = toReferralView(r, kase, partnerName);
  const rooms = [caseRoom(kase._id.toHexString()), ...provinceAudience(kase.location.provinceCode), `partner:${view.partnerId}`];
  if (partnerUserId) rooms.push(`user:${partnerUserId}`);
  rt.emit(rooms, 'referral.updated', toReferralCard(view));
  return view;
}

export function publishCaseChange(rt: RealtimePublisher, kase: CaseDoc, change: string) {
  publishCaseUpdated(rt, toCaseCard(kase), change);
}
