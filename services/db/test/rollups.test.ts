/**
 * The reports' daily rollups equal a brute-force recount of the source
 * collections: after live changes, after a process killed between a change
 * and its rollup update (and again in the middle of the update), and after
 * a rebuild.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import { vietnamDay, type TCategory, type TRoutingDecision } from '@hotline/core';
import {
  answerReferral, applyPendingCallRollups, CallModel, CaseModel, changeCaseStatus, configureFieldKeys, DailyRollupModel, findCaseById, insertCall,
  insertReferrals, markCaseReferred, openCaseFromCall, PartnerModel, rebuildRollups, recountRollups, relayPendingOutboxes, reportSummary,
  SYSTEM_ACTOR, TimelineEventModel, type CallDoc, type CaseDoc,
} from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const here = path.dirname(fileURLToPath(import.meta.url));
const uri = testSettings('db-rollups').mongodbUri;
const today = vietnamDay(new Date());

function runWriter(action: 'open' | 'relay' | 'lone', faults: string, caseId: string, callId: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/rollup-writer.ts'), uri, action, caseId, callId], {
    env: { ...process.env, HOTLINE_FAULTS: faults }, encoding: 'utf8', timeout: 60_000,
  });
}

let n = 0;
function newCall(outcome: CallDoc['outcome'], channel: CallDoc['channel'], provinceCode: string, phoneHash: string | null, caseId: Types.ObjectId | null = null): CallDoc {
  const id = new Types.ObjectId();
  return {
    _id: id, intakeKey: id.toHexString(), channel, startedAt: new Date(Date.now() - 60_000 + n++), durationSeconds: 30, counsellorId: new Types.ObjectId(), provinceCode,
    callerPhoneHash: phoneHash, caller: { phoneSealed: null, phoneMasked: null, name: null, relationship: 'neighbour' }, outcome, caseId, notes: null, createdAt: new Date(),
  };
}

async function openCase(category: TCategory, riskLevel: CaseDoc['riskLevel'], provinceCode: string, phoneHash: string): Promise<CaseDoc> {
  const caseId = new Types.ObjectId();
  const { case: kase } = await openCaseFromCall(
    {
      category, subCategories: [], riskLevel, subjects: [{ name: 'Bé B', ageYears: 9, gender: 'male', group: 'child' }],
      location: { provinceCode, communeCode: '00004', address: null }, summary: 'rollup test', consent: null, createdBy: null, assignedCounsellorId: null,
    },
    newCall('case_opened', 'phone', provinceCode, phoneHash, caseId),
    SYSTEM_ACTOR,
  );
  return kase;
}

/** Brute force: every figure counted straight from the calls, cases and timeline of province 01 today. */
async function bruteForce() {
  const calls = (await CallModel.find({ provinceCode: '01' }).lean()).filter((c) => vietnamDay(c.startedAt) === today);
  const byOutcome: Record<string, number> = {};
  for (const c of calls) byOutcome[`${c.channel}~${c.outcome}`] = (byOutcome[`${c.channel}~${c.outcome}`] ?? 0) + 1;
  const sorted = [...calls].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const repeat = sorted.filter((c, i) => c.callerPhoneHash && sorted.slice(0, i).some((e) => e.callerPhoneHash === c.callerPhoneHash)).length;
  const cases = (await CaseModel.find({ provinceCode: '01' }).lean()).filter((c) => vietnamDay(c.createdAt) === today);
  const opened: Record<string, number> = {};
  for (const c of cases) opened[c.category] = (opened[c.category] ?? 0) + 1;
  const closes = (await TimelineEventModel.find({ type: 'case.status_changed' }).lean()).filter((e) => (e.data as { to?: string }).to === 'closed' && cases.some((c) => c._id.equals(e.caseId)));
  const offered = await TimelineEventModel.countDocuments({ type: 'referral.offered' });
  const accepted = await TimelineEventModel.countDocuments({ type: 'referral.accepted' });
  return { byOutcome, repeat, opened, closed: closes.length, offered, accepted };
}

async function fromReport() {
  const s = await reportSummary(['01'], { from: today, to: today });
  const byOutcome: Record<string, number> = {};
  for (const r of s.calls.rows) byOutcome[`${r.channel}~${r.outcome}`] = r.count;
  const opened: Record<string, number> = {};
  for (const r of s.cases.rows) if (r.opened) opened[r.category] = (opened[r.category] ?? 0) + r.opened;
  const offered = s.referrals.rows.reduce((a, r) => a + r.offered, 0);
  const accepted = s.referrals.rows.reduce((a, r) => a + r.accepted, 0);
  return { byOutcome, repeat: s.calls.repeatCalls, opened, closed: s.cases.closed, offered, accepted };
}

/** The stored documents' counts equal a recount from the source collections. */
async function expectStoredEqualsRecount() {
  const recount = await recountRollups(['01', '79']);
  const stored = [...(await DailyRollupModel.find({ provinceCode: '01' }).lean()), ...(await DailyRollupModel.find({ provinceCode: '79' }).lean())];
  expect(Object.fromEntries(stored.map((d) => [d._id, d.c]))).to.deep.equal(Object.fromEntries([...recount.values()].map((d) => [d._id, d.c])));
  for (const d of stored) expect(new Set(d.ev).size, `markers of ${d._id} are unique`).to.equal(d.ev.length);
}

describe('daily rollups: the reports’ counts kept with each change', () => {
  useFreshDatabase(uri, () => configureFieldKeys({ phoneHashKey: 'x'.repeat(32), fieldEncryptionKey: 'y'.repeat(32) }));

  it('live changes (calls of every outcome, repeat callers, cases opened and closed, referrals) equal a brute-force recount', async () => {
    const partner = await PartnerModel.create({
      name: 'CTV Thử', kind: 'collaborator', type: 'commune_collaborator', phones: [], categories: ['child_abuse'], area: { provinceCode: '01', communeCodes: [] },
      provinceCode: '01', capacity: null, onDuty: null, paused: false, channels: ['sms'], userId: null, active: true, createdAt: new Date(), updatedAt: new Date(),
    });
    await insertCall(newCall('silent', 'phone', '01', 'caller-1'));
    await insertCall(newCall('prank', 'phone', '01', 'caller-1'));
    await insertCall(newCall('information_only', 'sms', '01', null));
    await insertCall(newCall('silent', 'phone', '79', 'caller-1'));
    const a = await openCase('child_abuse', 'high', '01', 'caller-1');
    const b = await openCase('domestic_violence', 'medium', '01', 'caller-2');
    await openCase('child_abuse', 'low', '79', 'caller-3');
    await changeCaseStatus(b._id, 'triaged', undefined, SYSTEM_ACTOR);
    await changeCaseStatus(b._id, 'closed', 'Đã hỗ trợ xong', SYSTEM_ACTOR);
    // A referral offered and accepted.
    const triaged = await changeCaseStatus(a._id, 'triaged', undefined, SYSTEM_ACTOR);
    const decision: TRoutingDecision = { round: 1, decidedAt: new Date().toISOString(), offersAtOnce: 1, needsPlacement: false, candidates: [] };
    const [ref] = await insertReferrals(triaged, 1, [{ partner: partner.toObject(), code: `T${Date.now().toString(36).toUpperCase()}` }], decision, () => `U${Date.now()}`);
    await markCaseReferred((await findCaseById(a._id))!, 1, [ref!], new Map(), SYSTEM_ACTOR);
    await answerReferral(ref!._id, 'accept', 'console', SYSTEM_ACTOR);
    await relayPendingOutboxes();

    const expected = await bruteForce();
    expect(expected.byOutcome).to.deep.equal({ 'phone~silent': 1, 'phone~prank': 1, 'sms~information_only': 1, 'phone~case_opened': 2 });
    expect(expected.repeat, 'caller-1 called province 01 three times').to.equal(2);
    expect(await fromReport()).to.deep.equal(expected);
    expect(expected).to.include({ closed: 1, offered: 1, accepted: 1 });
    await expectStoredEqualsRecount();
  });

  it('a process killed after the case write, and again in the middle of its rollup update, counts the case and its call once', async () => {
    const before = await fromReport();
    const caseId = new Types.ObjectId().toHexString();
    const callId = new Types.ObjectId().toHexString();
    const first = runWriter('open', 'case.after-insert:kill', caseId, callId);
    expect(first.signal, first.stderr).to.equal('SIGKILL');
    expect((await fromReport()).opened.sexual_abuse ?? 0, 'nothing counted yet').to.equal(0);
    const second = runWriter('relay', 'rollups.after-first-line:kill', caseId, callId);
    expect(second.signal, second.stderr).to.equal('SIGKILL');
    const partial = await fromReport();
    expect((partial.opened.sexual_abuse ?? 0) + (partial.byOutcome['phone~case_opened'] ?? 0) - (before.byOutcome['phone~case_opened'] ?? 0), 'one of the two lines was applied').to.equal(1);
    // The sweep reruns the whole outbox: the line already applied is not counted twice.
    await relayPendingOutboxes();
    await relayPendingOutboxes();
    const after = await fromReport();
    expect(after).to.deep.equal(await bruteForce());
    expect(after.opened.sexual_abuse).to.equal(1);
    expect(after.byOutcome['phone~case_opened']).to.equal((before.byOutcome['phone~case_opened'] ?? 0) + 1);
    await expectStoredEqualsRecount();
  });

  it('a lone call whose process died before its count is counted once by the sweep', async () => {
    const callId = new Types.ObjectId().toHexString();
    const before = (await fromReport()).byOutcome['phone~silent'] ?? 0;
    const run = runWriter('lone', 'rollups.after-first-line:kill', callId, callId);
    expect(run.signal, run.stderr).to.equal('SIGKILL');
    expect(await applyPendingCallRollups()).to.equal(1);
    expect(await applyPendingCallRollups()).to.equal(0);
    expect((await fromReport()).byOutcome['phone~silent']).to.equal(before + 1);
    expect(await fromReport()).to.deep.equal(await bruteForce());
  });

  it('a rebuild from the source collections gives the same documents, and live updates after it stay idempotent', async () => {
    const live = await fromReport();
    await DailyRollupModel.collection.updateOne({ _id: `${today}|01` } as never, { $inc: { 'c.call~phone~silent': 5 } });
    expect((await fromReport()).byOutcome['phone~silent']).to.not.equal(live.byOutcome['phone~silent']);
    await rebuildRollups(['01', '79']);
    expect(await fromReport()).to.deep.equal(live);
    await relayPendingOutboxes();
    await expectStoredEqualsRecount();
  });
});
