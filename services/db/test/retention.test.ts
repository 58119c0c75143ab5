/**
 * Retention (Law 91/2025): a case closed before the cutoff loses everything
 * that identifies a person, in the case, its calls, the callers' repeat-call
 * lists, its timeline and its search keys; what the figures need stays; cases
 * still open or closed after the cutoff are untouched; a run killed halfway is
 * finished by the next; a second run changes nothing.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import {
  addCaseNote, ANONYMISED_TEXT, anonymiseClosedCases, CallModel, CaseModel, caseSearchKeys, configureFieldKeys, encryptField, hashPhone, maskPhone,
  openCaseFromCall, recentCallsOfCaller, ResidentEventModel, ResidentModel, SYSTEM_ACTOR, TimelineEventModel, type CallDoc, type CaseDoc,
} from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const here = path.dirname(fileURLToPath(import.meta.url));
const uri = testSettings('db-retention').mongodbUri;
const SECRET = { child: 'Phạm Thị Minh Châu', caller: 'Trần Văn Quyết', summary: 'Cháu bị bỏ đói nhiều ngày', address: 'Số 9 ngõ Thổ Quan', note: 'Mẹ cháu dặn không gọi buổi sáng', callNote: 'Gọi từ nhà hàng xóm' };

let n = 0;
async function openCase(tag: string): Promise<{ kase: CaseDoc; phone: string }> {
  const phone = `+8491${String(2_000_000 + n++).padStart(7, '0')}`;
  const callId = new Types.ObjectId();
  const call: CallDoc = {
    _id: callId, intakeKey: callId.toHexString(), channel: 'phone', startedAt: new Date(), durationSeconds: 60, counsellorId: new Types.ObjectId(),
    provinceCode: '01', callerPhoneHash: hashPhone(phone),
    caller: { phoneSealed: encryptField(phone), phoneMasked: maskPhone(phone), name: `${SECRET.caller} ${tag}`, relationship: 'neighbour' },
    outcome: 'case_opened', caseId: new Types.ObjectId(), notes: SECRET.callNote, createdAt: new Date(),
  };
  const { case: kase } = await openCaseFromCall(
    {
      category: 'child_abuse', subCategories: [], riskLevel: 'high', subjects: [{ name: `${SECRET.child} ${tag}`, ageYears: 8, gender: 'female', group: 'child' }],
      location: { provinceCode: '01', communeCode: '00004', address: SECRET.address }, summary: SECRET.summary,
      consent: { given: true, method: 'verbal', notes: 'đồng ý qua điện thoại' }, createdBy: null, assignedCounsellorId: null,
    },
    call,
    SYSTEM_ACTOR,
  );
  await addCaseNote(kase._id, 'note', SECRET.note, SYSTEM_ACTOR);
  return { kase, phone };
}

const close = (kase: CaseDoc, closedAt: Date) => CaseModel.updateOne({ _id: kase._id }, { $set: { status: 'closed', open: false, closedAt } });
const everything = async (kase: CaseDoc) => JSON.stringify({
  kase: await CaseModel.findById(kase._id).lean(),
  calls: await CallModel.find({ caseId: kase._id }).lean(),
  timeline: await TimelineEventModel.find({ caseId: kase._id }).lean(),
});
const secretsIn = (text: string) => Object.values(SECRET).filter((s) => text.includes(s));

describe('retention: closed cases past the retention period are anonymised', function () {
  this.timeout(120_000);
  useFreshDatabase(uri, () => configureFieldKeys({ phoneHashKey: 'x'.repeat(32), fieldEncryptionKey: 'y'.repeat(32) }));

  it('anonymises a case closed before the cutoff and keeps what the figures need; leaves open and recent cases alone', async () => {
    const old = await openCase('old');
    const recent = await openCase('recent');
    const open = await openCase('open');
    const cutoff = new Date(Date.now() + 60_000);
    await close(old.kase, new Date(Date.now() - 1000));
    await close(recent.kase, new Date(cutoff.getTime() + 3_600_000));
    const untouched = [await everything(recent.kase), await everything(open.kase)];
    expect(secretsIn(await everything(old.kase)), 'before').to.include.members([SECRET.child, SECRET.summary, SECRET.address, SECRET.note, SECRET.caller, SECRET.callNote]);
    expect(await recentCallsOfCaller(hashPhone(old.phone), null)).to.have.length(1);

    const run = await anonymiseClosedCases(cutoff, ['01']);
    expect(run).to.deep.equal({ anonymised: 1, deferred: 0 });

    const after = await everything(old.kase);
    expect(secretsIn(after), 'anything left that identifies someone').to.deep.equal([]);
    expect(after).to.not.include(old.phone.slice(-7));
    const kase = (await CaseModel.findById(old.kase._id).lean())!;
    expect(kase.summary).to.equal(ANONYMISED_TEXT);
    expect(kase.callerPhoneHashes).to.deep.equal([]);
    expect(kase.anonymisedAt).to.be.instanceOf(Date);
    expect({ reference: kase.reference, category: kase.category, riskLevel: kase.riskLevel, commune: kase.location.communeCode, age: kase.subjects[0]?.ageYears, group: kase.subjects[0]?.group, status: kase.status })
      .to.deep.equal({ reference: old.kase.reference, category: 'child_abuse', riskLevel: 'high', commune: '00004', age: 8, group: 'child', status: 'closed' });
    const call = (await CallModel.findOne({ caseId: old.kase._id }).lean())!;
    expect([call.caller.name, call.caller.phoneSealed, call.caller.phoneMasked, call.callerPhoneHash, call.notes]).to.deep.equal([null, null, null, null, null]);
    expect(call.durationSeconds, 'the call still counts').to.equal(60);
    expect(await recentCallsOfCaller(hashPhone(old.phone), null), "the number's repeat-call list").to.deep.equal([]);
    const nameKeys = caseSearchKeys('01', { reference: 'X', subjectNames: [`${SECRET.child} old`], callerNames: [`${SECRET.caller} old`], communeName: null, address: SECRET.address, callerPhoneHashes: [hashPhone(old.phone)] })
      .filter((k) => !caseSearchKeys('01', { reference: 'X', subjectNames: [], callerNames: [], communeName: null, address: null, callerPhoneHashes: [] }).includes(k));
    expect(kase.searchKeys.filter((k) => nameKeys.includes(k)), 'search keys of names, address or number').to.deep.equal([]);
    expect((await TimelineEventModel.find({ caseId: old.kase._id, type: 'case.anonymised' }).lean()).length).to.equal(1);

    expect([await everything(recent.kase), await everything(open.kase)]).to.deep.equal(untouched);
    expect(await anonymiseClosedCases(cutoff, ['01']), 'a second run').to.deep.equal({ anonymised: 0, deferred: 0 });
    expect(await everything(old.kase)).to.equal(after);
  });

  it("anonymises the case's residents discharged before the cutoff, not those still in care", async () => {
    const c = await openCase('residents');
    const resident = async (index: number, current: boolean) => {
      const _id = new Types.ObjectId();
      const now = new Date();
      await ResidentModel.create({
        _id, admissionKey: `${c.kase._id.toHexString()}:${index}`, facilityId: new Types.ObjectId(), provinceCode: '01', caseId: c.kase._id, caseReference: c.kase.reference,
        referralId: new Types.ObjectId(), subjectIndex: index, name: `${SECRET.child} ${index}`, ageYears: 8, gender: 'female', group: 'child', admittedAt: new Date(Date.now() - 86_400_000),
        legalBasis: 'Quyết định tiếp nhận', decisionNumber: null, bed: 'P2-05', current, dischargedAt: current ? null : new Date(Date.now() - 1000), dischargeReason: current ? null : 'reunified',
        reunifiedAt: null, visits: [], version: 1, createdAt: now, updatedAt: now,
      });
      await ResidentEventModel.create({ _id: `note-${_id.toHexString()}`, residentId: _id, type: 'care_note', actor: SYSTEM_ACTOR, at: now, data: { text: SECRET.note } });
      return _id;
    };
    const discharged = await resident(0, false);
    const inCare = await resident(1, true);
    await close(c.kase, new Date(Date.now() - 1000));
    expect((await anonymiseClosedCases(new Date(Date.now() + 60_000), ['01'])).anonymised).to.equal(1);
    const left = async (id: Types.ObjectId) => JSON.stringify({ r: await ResidentModel.findById(id).lean(), e: await ResidentEventModel.find({ residentId: id }).lean() });
    expect(secretsIn(await left(discharged)), 'discharged before the cutoff').to.deep.equal([]);
    expect((await ResidentModel.findById(discharged).lean())!.dischargeReason).to.equal('reunified');
    expect(secretsIn(await left(inCare)), 'still in care').to.include.members([SECRET.child, SECRET.note]);
  });

  it('a run killed after the calls is finished by the next run', async () => {
    const c = await openCase('crash');
    await close(c.kase, new Date(Date.now() - 1000));
    const cutoff = new Date(Date.now() + 60_000);
    const killed = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/retention-runner.ts'), uri, cutoff.toISOString()], {
      env: { ...process.env, HOTLINE_FAULTS: 'retention.after-calls:kill' }, encoding: 'utf8', timeout: 60_000,
    });
    expect(killed.signal, killed.stderr).to.equal('SIGKILL');
    const half = (await CaseModel.findById(c.kase._id).lean())!;
    expect(half.anonymisedAt ?? null, 'the case is marked last').to.equal(null);
    expect(secretsIn(await everything(c.kase))).to.include(SECRET.child);
    expect((await CallModel.findOne({ caseId: c.kase._id }).lean())!.caller.name, 'its calls were done before the kill').to.equal(null);

    expect((await anonymiseClosedCases(cutoff, ['01'])).anonymised).to.equal(1);
    expect(secretsIn(await everything(c.kase))).to.deep.equal([]);
  });
});
