/** A note, contact attempt or follow-up on a case's timeline; a follow-up meets the follow-up deadline. */
import { DomainError, type TNoteInput, type TSessionUser, type TTimelineEvent } from '@hotline/core';
import { addCaseNote, recordAudit, toCaseCard } from '@hotline/db';
import { caseChanged } from '@hotline/queue';
import type { ReferralDeps } from '../referral-deps';
import { FOLLOW_UP_NOTE_KINDS, syncDeadlinesAfterMilestone } from '../sla/index';
import { userActor } from './actors';
import { readableCase } from './case-access';

export async function addNote(deps: ReferralDeps, user: TSessionUser, caseId: string, note: TNoteInput, requestId: string): Promise<TTimelineEvent> {
  const c = await readableCase(user, caseId);
  const added = await addCaseNote(c._id, note.kind, note.text, userActor(user));
  if (!added) throw new DomainError('case_not_found', 'No such case');
  await recordAudit({ actorId: user.id, actorRole: user.role, action: 'case.note', targetType: 'case', targetId: c._id.toHexString(), provinceCode: c.provinceCode, requestId, ip: null });
  caseChanged(deps, toCaseCard(added.case), 'case.note_added');
  if ((FOLLOW_UP_NOTE_KINDS as readonly string[]).includes(note.kind)) void syncDeadlinesAfterMilestone(deps, added.case._id, 'case.follow_up');
  return added.event;
}
