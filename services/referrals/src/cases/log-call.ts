/**
 * Logging a call: the counsellor's one action during a conversation. The call
 * opens a case, attaches to one, or stands alone (information, silent, prank,
 * transferred). Everything is validated before the first write, so bad input
 * never leaves half a case behind.
 */
import { Types } from 'mongoose';
import { personGroupOf, DomainError, type TCallCreated, type TCallInput, type TCallerHistory, type TSessionUser } from '@hotline/core';
import {
  attachCallToCase, encryptField, findCallByIntakeKey, findCaseById, hashPhone, insertCall, maskPhone,
  openCaseFromCall, openCasesForPhoneHash, recentCallsOfCaller, recordAudit, toCallCard, toCallView, toCaseCard, toCaseView,
  type CallDoc, type CaseDoc,
} from '@hotline/db';
import { caseChanged, JOBS } from '@hotline/queue';
import { provinceAudience, provinceScope, seesProvince } from '@hotline/core';
import type { ReferralDeps } from '../referral-deps';
import { userActor } from './actors';
import { assertProvinceInScope, readableCase } from './case-access';
import { checkLocation } from './locations';
import { normalisePhone } from './phone-numbers';

export interface LoggedCall extends TCallCreated {
  /** false when this was a repeat submit of a draft already logged. */
  created: boolean;
}

export async function logCall(input: TCallInput, user: TSessionUser, deps: ReferralDeps, requestId: string): Promise<LoggedCall> {
  // 1. Everything that can refuse the call, before any write.
  const e164 = input.caller.phone ? normalisePhone(input.caller.phone, 'caller.phone') : null;
  let communeName: string | null = null;
  let attachTo: CaseDoc | null = null;
  if (input.case) {
    assertProvinceInScope(user, input.case.location.provinceCode, 'case.location.provinceCode');
    communeName = await checkLocation(input.case.location, 'case.location');
  }
  if (input.caseId) attachTo = await readableCase(user, input.caseId);

  if (input.clientRequestId) {
    const earlier = await findCallByIntakeKey(input.clientRequestId);
    if (earlier) return replay(earlier, user);
  }

  // 2. The call document.
  const callId = new Types.ObjectId();
  const phoneHash = e164 ? hashPhone(e164) : null;
  const provinceCode = input.case?.location.provinceCode ?? attachTo?.location.provinceCode ?? user.provinces[0] ?? null;
  const call: CallDoc = {
    _id: callId,
    intakeKey: input.clientRequestId ?? callId.toHexString(),
    channel: input.channel,
    startedAt: input.startedAt ? new Date(input.startedAt) : new Date(),
    durationSeconds: input.durationSeconds ?? null,
    counsellorId: new Types.ObjectId(user.id),
    provinceCode,
    callerPhoneHash: phoneHash,
    caller: {
      phoneSealed: e164 ? encryptField(e164) : null,
      phoneMasked: e164 ? maskPhone(e164) : null,
      name: input.caller.name || null,
      relationship: input.caller.relationship,
    },
    outcome: input.outcome,
    caseId: null,
    notes: input.notes || null,
    createdAt: new Date(),
  };
  const actor = userActor(user);

  // 3. One atomic write decides: a new case (carrying the call), an attachment, or a lone call.
  let kase: CaseDoc | null = null;
  let created = true;
  if (input.case) {
    const c = input.case;
    call.caseId = new Types.ObjectId();
    const opened = await openCaseFromCall(
      {
        category: c.category,
        subCategories: c.subCategories,
        riskLevel: c.riskLevel,
        subjects: c.subjects.map((s) => ({ name: s.name || null, ageYears: s.ageYears ?? null, gender: s.gender, group: personGroupOf(s), ownConsent: s.ownConsent ?? null })),
        location: { provinceCode: c.location.provinceCode, communeCode: c.location.communeCode ?? null, address: c.location.address || null },
        summary: c.summary,
        consent: c.consent ? { given: c.consent.given, method: c.consent.method, notes: c.consent.notes || null } : null,
        createdBy: new Types.ObjectId(user.id),
        assignedCounsellorId: new Types.ObjectId(user.id),
      },
      call,
      actor,
    );
    kase = opened.case;
    created = !opened.duplicate;
    // A concurrent submit with this key opened the case first: it is a replay, and only of the same user's draft.
    if (!created) assertOwnDraft(kase.createdBy, user);
    if (created) {
      try {
        await deps.producers.add(JOBS.triage, { caseId: kase._id.toHexString() });
      } catch (err) {
        // Redis is down: the case is safe in the database and the workers' reconciler triages it.
        deps.log('warn', { caseId: kase._id.toHexString(), err: (err as Error).message }, 'triage not enqueued; the reconciler will');
      }
    }
  } else if (attachTo) {
    call.caseId = attachTo._id;
    kase = await attachCallToCase(attachTo._id.toHexString(), call, actor);
    if (!kase) throw new DomainError('case_not_found', 'No such case');
  } else {
    const inserted = await insertCall(call);
    created = !inserted.duplicate;
    if (!created) return replay(inserted.call, user);
  }

  const stored = created ? call : ((await findCallByIntakeKey(call.intakeKey)) ?? call);
  if (!created) assertOwnDraft(stored.counsellorId, user);
  const [history] = await Promise.all([
    callerHistory(phoneHash, user, stored._id),
    recordAudit({ actorId: user.id, actorRole: user.role, action: 'call.create', targetType: 'call', targetId: stored._id.toHexString(), requestId, ip: null }),
  ]);

  // 4. Tell the consoles.
  if (created) announce(stored, kase, input.case !== undefined, history.previousCalls.length > 0, deps);

  return {
    call: toCallView(stored),
    case: kase ? toCaseView(kase, communeName) : null,
    callerHistory: history,
    created,
  };
}

/**
 * A `clientRequestId` is one user's draft: a repeat submit by that user
 * replays it; the same key from anyone else is refused without a word about
 * the call it names (it could be a guessed or leaked key).
 */
function assertOwnDraft(owner: Types.ObjectId | null, user: TSessionUser): void {
  if (owner === null || owner.toHexString() !== user.id) {
    throw new DomainError('conflict', 'This clientRequestId was already used; start a new draft', [
      { path: 'clientRequestId', message: 'was already used for another call; send a new one' },
    ]);
  }
}

/** A repeat submit of the same draft by the same user: answer with what the first submit logged. */
async function replay(call: CallDoc, user: TSessionUser): Promise<LoggedCall> {
  assertOwnDraft(call.counsellorId, user);
  const kase = call.caseId ? await findCaseById(call.caseId) : null;
  return {
    call: toCallView(call),
    case: kase ? toCaseView(kase, null) : null,
    callerHistory: await callerHistory(call.callerPhoneHash, user, call._id),
    created: false,
  };
}

/**
 * Earlier calls from this number and the open cases it is linked to, as far
 * as this user may see them: calls they logged themselves or logged in their
 * provinces, open cases of their provinces. The one place both the intake
 * answer and GET /api/callers/lookup read a caller's history.
 */
export async function callerHistory(phoneHash: string | null, user: TSessionUser, excludeCallId?: Types.ObjectId): Promise<TCallerHistory> {
  if (!phoneHash) return { phoneMasked: null, previousCalls: [], openCases: [] };
  const [calls, cases] = await Promise.all([recentCallsOfCaller(phoneHash, provinceScope(user), 20, excludeCallId), openCasesForPhoneHash(phoneHash)]);
  const visibleCalls = calls.filter((c) => c.counsellorId.toHexString() === user.id || (c.provinceCode != null && seesProvince(user, c.provinceCode)));
  const visibleCases = cases.filter((c) => seesProvince(user, c.location.provinceCode));
  return {
    phoneMasked: visibleCalls[0]?.caller.phoneMasked ?? null,
    previousCalls: visibleCalls.map((c) => toCallCard(c, true)),
    openCases: visibleCases.map(toCaseCard),
  };
}

function announce(call: CallDoc, kase: CaseDoc | null, opened: boolean, repeat: boolean, deps: ReferralDeps): void {
  if (call.provinceCode) deps.realtime.emit(provinceAudience(call.provinceCode), 'call.created', toCallCard(call, repeat));
  if (kase) caseChanged(deps, toCaseCard(kase), opened ? 'case.created' : 'call.logged');
}
