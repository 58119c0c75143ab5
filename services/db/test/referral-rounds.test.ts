/**
 * A routing round must never run over a standing acceptance: a round queued
 * before a partner accepted (an SLA reoffer, a decline's reroute) and run after
 * it would clear the acceptance and offer the case again, and a second partner
 * could then accept it too (found by the chaos drills, D4).
 */
import { expect } from 'chai';
import { Types } from 'mongoose';
import { CaseModel, configureFieldKeys, findCaseById, markCaseReferred, openCaseFromCall, SYSTEM_ACTOR, type CallDoc } from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

describe('routing rounds and a standing acceptance', function () {
  useFreshDatabase(testSettings('db-referral-rounds').mongodbUri, () => configureFieldKeys({ phoneHashKey: 'x'.repeat(32), fieldEncryptionKey: 'y'.repeat(32) }));

  async function openCase() {
    const callId = new Types.ObjectId();
    const call: CallDoc = {
      _id: callId, intakeKey: callId.toHexString(), channel: 'phone', startedAt: new Date(), durationSeconds: 60, counsellorId: new Types.ObjectId(),
      provinceCode: '01', callerPhoneHash: null, caller: { phoneSealed: null, phoneMasked: null, name: null, relationship: 'neighbour' },
      outcome: 'case_opened', caseId: new Types.ObjectId(), notes: null, createdAt: new Date(),
    };
    const { case: kase } = await openCaseFromCall(
      {
        category: 'child_abuse', subCategories: [], riskLevel: 'high', subjects: [{ name: null, ageYears: 8, gender: 'female', group: 'child' }],
        location: { provinceCode: '01', communeCode: null, address: null }, summary: 'rounds', consent: null, createdBy: null, assignedCounsellorId: null,
      },
      call,
      SYSTEM_ACTOR,
    );
    return kase;
  }

  it('a later round is not recorded on a case whose acceptance stands, and the acceptance is kept', async () => {
    const kase = await openCase();
    const acceptedReferralId = new Types.ObjectId();
    await CaseModel.updateOne({ _id: kase._id }, { $set: { status: 'accepted', routingRound: 1, routingState: 'offered', acceptedReferralId } });
    const stale = (await findCaseById(kase._id))!;
    expect(await markCaseReferred(stale, 2, [], new Map(), SYSTEM_ACTOR)).to.equal(null);
    const after = (await findCaseById(kase._id))!;
    expect(after.acceptedReferralId?.toHexString()).to.equal(acceptedReferralId.toHexString());
    expect(after.status).to.equal('accepted');
    expect(after.routingRound).to.equal(1);
  });

  it('a case without an acceptance takes the next round', async () => {
    const kase = await openCase();
    await CaseModel.updateOne({ _id: kase._id }, { $set: { status: 'referred', routingRound: 1, routingState: 'offered' } });
    const updated = await markCaseReferred((await findCaseById(kase._id))!, 2, [], new Map(), SYSTEM_ACTOR);
    expect(updated?.routingRound).to.equal(2);
    expect(updated?.status).to.equal('referred');
  });
});
