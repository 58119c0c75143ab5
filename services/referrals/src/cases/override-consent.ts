/**
 * A supervisor shares a case with its partners without the caller's (or, from
 * 7, the child's own) consent: once, with a recorded reason, audited.
 */
import { consentComplete, DomainError, type TSessionUser } from '@hotline/core';
import { overrideCaseConsent, recordAudit, toCaseCard, toCaseView, type CaseDoc } from '@hotline/db';
import { caseChanged } from '@hotline/queue';
import type { ReferralDeps } from '../referral-deps';
import { userActor } from './actors';
import { caseInUsersProvinces } from './case-access';

export async function overrideConsent(
  deps: ReferralDeps, user: TSessionUser, caseId: string, reason: string, request: { requestId: string; ip: string | null },
): Promise<CaseDoc> {
  const c = await caseInUsersProvinces(user, caseId);
  if (consentComplete(toCaseView(c, null))) throw new DomainError('conflict', 'Consent is complete: nothing to override');
  const updated = await overrideCaseConsent(c._id, reason, { ...userActor(user), id: user.id });
  if (!updated) throw new DomainError('conflict', 'Consent was already overridden');
  await recordAudit({
    actorId: user.id, actorRole: user.role, action: 'case.consent_override', targetType: 'case', targetId: caseId, provinceCode: c.provinceCode,
    reason, requestId: request.requestId, ip: request.ip,
  });
  caseChanged(deps, toCaseCard(updated), 'case.updated');
  return updated;
}
