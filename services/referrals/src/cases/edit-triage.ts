/**
 * The counsellor's triage edit of a case (category, risk, people, place,
 * consent) and its reassignment: checks what zod cannot (scope, communes,
 * assignee), writes once against the version the user saw, tells the consoles
 * and re-plans the deadlines when what they depend on changed.
 */
import { Types } from 'mongoose';
import { can, DomainError, personGroupOf, type TCaseTriagePatch, type TSessionUser } from '@hotline/core';
import { findUserById, recordAudit, toCaseCard, updateCaseFields, type CaseDoc } from '@hotline/db';
import { caseChanged } from '@hotline/queue';
import type { ReferralDeps } from '../referral-deps';
import { syncDeadlinesAfterMilestone } from '../sla/index';
import { userActor } from './actors';
import { assertProvinceInScope, caseInUsersProvinces } from './case-access';
import { checkLocation } from './locations';

/** Turns a validated triage patch into the fields to set, checking what zod cannot (scope, communes, assignee). */
async function triageSet(user: TSessionUser, c: CaseDoc, patch: TCaseTriagePatch): Promise<Record<string, unknown>> {
  const set: Record<string, unknown> = {};
  if (patch.category) set.category = patch.category;
  if (patch.subCategories) set.subCategories = patch.subCategories;
  if (patch.category && !patch.subCategories) set.subCategories = [];
  if (patch.riskLevel) set.riskLevel = patch.riskLevel;
  if (patch.summary) set.summary = patch.summary;
  if (patch.consent) set.consent = { given: patch.consent.given, method: patch.consent.method, notes: patch.consent.notes || null };
  if (patch.subjects) {
    set.subjects = patch.subjects.map((s) => ({ name: s.name || null, ageYears: s.ageYears ?? null, gender: s.gender, group: personGroupOf(s), ownConsent: s.ownConsent ?? null }));
  }
  if (patch.location) {
    assertProvinceInScope(user, patch.location.provinceCode, 'location.provinceCode');
    await checkLocation(patch.location, 'location');
    set.location = { provinceCode: patch.location.provinceCode, communeCode: patch.location.communeCode ?? null, address: patch.location.address || null };
  }
  if (patch.assignedCounsellorId !== undefined) set.assignedCounsellorId = await reassignment(user, c, patch.assignedCounsellorId, set);
  return set;
}

/** Who the case goes to: oneself, or (supervisors and managers) an active staff member of the case's province. */
async function reassignment(user: TSessionUser, c: CaseDoc, to: string | null, set: Record<string, unknown>): Promise<Types.ObjectId | null> {
  if (to !== user.id && !can(user, 'case.reassign')) throw new DomainError('forbidden', 'Only supervisors and managers reassign cases to someone else');
  if (to === null) return null;
  const assignee = await findUserById(to);
  const province = (set.location as CaseDoc['location'] | undefined)?.provinceCode ?? c.location.provinceCode;
  if (!assignee || !assignee.active || assignee.role === 'collaborator' || !(assignee.allProvinces || assignee.provinces.includes(province))) {
    throw new DomainError('validation_failed', 'Invalid assignedCounsellorId', [{ path: 'assignedCounsellorId', message: 'is not a staff member of this province' }]);
  }
  return new Types.ObjectId(to);
}

/** `expectedVersion`: the If-Match the user sent (undefined: last write wins). */
export async function editTriage(
  deps: ReferralDeps, user: TSessionUser, caseId: string, patch: TCaseTriagePatch, expectedVersion: number | undefined, requestId: string,
): Promise<CaseDoc> {
  const c = await caseInUsersProvinces(user, caseId);
  if (c.status === 'closed') throw new DomainError('illegal_transition', 'A closed case is reopened before it is changed');
  const set = await triageSet(user, c, patch);
  const updated = await updateCaseFields(c._id, set, userActor(user), expectedVersion);
  if (!updated) throw new DomainError('conflict', 'The case was changed by someone else; reload it');
  await recordAudit({ actorId: user.id, actorRole: user.role, action: 'case.update', targetType: 'case', targetId: c._id.toHexString(), provinceCode: c.provinceCode, requestId, ip: null });
  caseChanged(deps, toCaseCard(updated), 'case.updated', { previousProvince: c.provinceCode });
  // A new category or risk level re-plans the deadlines.
  if (set.category || set.riskLevel || set.subjects || set.subCategories) void syncDeadlinesAfterMilestone(deps, updated._id, 'case.updated');
  return updated;
}
