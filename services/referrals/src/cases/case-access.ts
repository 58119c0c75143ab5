import { canReadCase, DomainError, seesProvince, type TReferralHold, type TSessionUser } from '@hotline/core';
import { findCaseById, referralsOfCase, type CaseDoc } from '@hotline/db';

/**
 * The partner's referrals of a case, as access needs them (`canReadCase`):
 * one indexed equality on `caseId` (a case has a handful of referrals).
 * Staff need none: they read by province.
 */
async function referralHolds(user: Pick<TSessionUser, 'role' | 'partnerId'>, c: Pick<CaseDoc, '_id'>): Promise<TReferralHold[]> {
  if (user.role !== 'collaborator' || user.partnerId === null) return [];
  const partnerId = user.partnerId;
  return (await referralsOfCase(c._id))
    .filter((r) => r.partnerId.toHexString() === partnerId)
    .map((r) => ({ partnerId: r.partnerId.toHexString(), status: r.status }));
}

/** May this user read this case now? Staff by province; a partner while it holds an open referral of it. */
export async function mayReadCase(user: TSessionUser, c: CaseDoc): Promise<boolean> {
  return canReadCase(user, { provinceCode: c.location.provinceCode, referrals: await referralHolds(user, c) });
}

/**
 * Loads a case the user may read. A case outside the user's reach answers
 * 404 like a missing one, so ids reveal nothing about other provinces.
 */
export async function readableCase(user: TSessionUser, id: string): Promise<CaseDoc> {
  const c = await findCaseById(id);
  if (!c || !(await mayReadCase(user, c))) throw new DomainError('case_not_found', 'No such case');
  return c;
}

/** Staff changes (triage, status, reassignment) need the province itself, not just a referral. */
export async function caseInUsersProvinces(user: TSessionUser, id: string): Promise<CaseDoc> {
  const c = await readableCase(user, id);
  if (!seesProvince(user, c.location.provinceCode)) throw new DomainError('forbidden', 'This case is outside your provinces');
  return c;
}

export function assertProvinceInScope(user: TSessionUser, provinceCode: string, path: string): void {
  if (!seesProvince(user, provinceCode)) {
    throw new DomainError('forbidden', `Province ${provinceCode} is outside your provinces`, [{ path, message: 'is outside your provinces' }]);
  }
}
