import { canReadCase, DomainError, seesProvince, type TSessionUser } from '@hotline/core';
import { findCaseById, type CaseDoc } from '@hotline/db';

/**
 * Loads a case the user may read. A case outside the user's reach answers
 * 404 like a missing one, so ids reveal nothing about other provinces.
 */
export async function readableCase(user: TSessionUser, id: string): Promise<CaseDoc> {
  const c = await findCaseById(id);
  if (!c || !canReadCase(user, { provinceCode: c.location.provinceCode, referredPartnerIds: c.referredPartnerIds.map(String) })) {
    throw new DomainError('case_not_found', 'No such case');
  }
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
