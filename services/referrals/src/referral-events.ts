/** Realtime notices about referrals, shared by the routing and notification processors. */
import { caseRoom, OPEN_REFERRAL_STATUSES, partnerRoom, referralAudience, type TReferralView } from '@hotline/core';
import { toCaseCard, toReferralCard, toReferralView, type CaseDoc, type ReferralDoc } from '@hotline/db';
import { caseChanged, type CaseChangeOutlets, type RealtimePublisher } from '@hotline/queue';

/** A referral changed: staff (province and case watchers) and its own partner hear its card; other partners never do. */
export function publishReferralUpdated(rt: RealtimePublisher, r: ReferralDoc, kase: CaseDoc, partnerName: string, partnerUserId: string | null): TReferralView {
  const view = toReferralView(r, kase, partnerName);
  const rooms = referralAudience({ caseId: kase._id.toHexString(), provinceCode: kase.location.provinceCode, partnerId: view.partnerId, partnerUserId });
  rt.emit(rooms, 'referral.updated', toReferralCard(view));
  // Declined, expired, withdrawn, completed or cancelled: the partner no longer holds the case (canReadCase),
  // so its consoles stop watching it. (Routing never offers a case to a partner twice.)
  if (!OPEN_REFERRAL_STATUSES.includes(r.status)) rt.leave?.([partnerRoom(view.partnerId)], [caseRoom(view.caseId)]);
  return view;
}

/** A case document changed: `caseChanged` with its card. */
export function caseDocChanged(out: CaseChangeOutlets, kase: CaseDoc, change: string): void {
  caseChanged(out, toCaseCard(kase), change);
}
