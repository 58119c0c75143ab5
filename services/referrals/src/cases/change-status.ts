/** Moving a case along its lifecycle (409 when not allowed); closing cancels the deadlines still running, reopening starts them again. */
import type { TSessionUser, TStatusChange } from '@hotline/core';
import { changeCaseStatus, recordAudit, toCaseCard, type CaseDoc } from '@hotline/db';
import { caseChanged } from '@hotline/queue';
import type { ReferralDeps } from '../referral-deps';
import { syncDeadlinesAfterMilestone } from '../sla/index';
import { userActor } from './actors';
import { caseInUsersProvinces } from './case-access';

export async function changeStatus(
  deps: ReferralDeps, user: TSessionUser, caseId: string, change: TStatusChange, requestId: string,
): Promise<CaseDoc> {
  const c = await caseInUsersProvinces(user, caseId);
  const updated = await changeCaseStatus(c._id, change.to, change.reason, userActor(user));
  await recordAudit({ actorId: user.id, actorRole: user.role, action: 'case.status', targetType: 'case', targetId: c._id.toHexString(), provinceCode: c.provinceCode, requestId, ip: null });
  caseChanged(deps, toCaseCard(updated), 'case.status_changed');
  void syncDeadlinesAfterMilestone(deps, updated._id, 'case.status_changed');
  return updated;
}
