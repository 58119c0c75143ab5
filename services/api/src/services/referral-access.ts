import { canReadCase, DomainError, type TSessionUser } from '@hotline/core';
import { findCaseById, findReferralById, type CaseDoc, type ReferralDoc } from '@hotline/db';

/** A referral the user may see: its partner's own user, or staff who may read its case. 404 otherwise. */
export async function readableReferral(user: TSessionUser, id: string): Promise<{ referral: ReferralDoc; case: CaseDoc }> {
  const referral = await findReferralById(id);
  const kase = referral ? await findCaseById(referral.caseId) : null;
  if (!referral || !kase) throw new DomainError('not_found', 'No such referral');
  const own = user.partnerId !== null && referral.partnerId.toHexString() === user.partnerId;
  const staff = user.role !== 'collaborator' && canReadCase(user, { provinceCode: kase.location.provinceCode });
  if (!own && !staff) throw new DomainError('not_found', 'No such referral');
  return { referral, case: kase };
}

/** Only the partner's own console user answers an offer or records contact. */
export async function ownReferral(user: TSessionUser, id: string): Promise<{ referral: ReferralDoc; case: CaseDoc }> {
  const referral = await findReferralById(id);
  const kase = referral ? await findCaseById(referral.caseId) : null;
  if (!referral || !kase) throw new DomainError('not_found', 'No such referral');
  if (user.partnerId === null || referral.partnerId.toHexString() !== user.partnerId) {
    throw new DomainError('forbidden', 'Only the partner this case was referred to can answer');
  }
  return { referral, case: kase };
}
