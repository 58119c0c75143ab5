/**
 * A case change and its timeline event never exist one without the other:
 * proved by killing a real process at each step of the write.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Types } from 'mongoose';
import {
  addCaseNote, allocateCaseReference, CallModel, CaseModel, caseTimeline, changeCaseStatus, configureFieldKeys,
  findCallByIntakeKey, findCaseById, openCaseFromCall, recentCallsOfCaller, relayCaseOutbox, relayPendingOutboxes, SYSTEM_ACTOR, TimelineEventModel,
} from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const here = path.dirname(fileURLToPath(import.meta.url));
const uri = testSettings('db-outbox').mongodbUri;

function runWriter(action: 'open' | 'relay', faults: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/case-writer.ts'), uri, action, ...args], {
    env: { ...process.env, HOTLINE_FAULTS: faults },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('case outbox: change and timeline event together, without transactions', () => {
  useFreshDatabase(uri, () => configureFieldKeys({ phoneHashKey: 'x'.repeat(32), fieldEncryptionKey: 'y'.repeat(32) }));

  it('a process killed right after inserting the case leaves its events in the outbox, and the sweep completes them once', async () => {
    const caseId = new Types.ObjectId().toHexString();
    const callId = new Types.ObjectId().toHexString();
    const run = runWriter('open', 'case.after-insert:kill', caseId, callId);
    expect(run.signal, run.stderr).to.equal('SIGKILL');

    const stranded = await findCaseById(caseId);
    expect(stranded?.outbox.map((e) => e.type)).to.deep.equal(['case.opened', 'call.logged']);
    expect(await CallModel.countDocuments({ _id: callId }), 'the call is not written yet').to.equal(0);
    expect(await TimelineEventModel.countDocuments({ caseId })).to.equal(0);
    // Readers already see the whole timeline.
    expect((await caseTimeline(stranded!)).map((e) => e.type)).to.deep.equal(['case.opened', 'call.logged']);

    expect(await recentCallsOfCaller('h', ['01']), 'the caller list waits for the relay too').to.deep.equal([]);
    expect(runWriter('relay', '').status).to.equal(0);
    expect(await CallModel.countDocuments({ _id: callId })).to.equal(1);
    expect((await recentCallsOfCaller('h', ['01'])).map((c) => c._id.toHexString()), 'the relay lists the call under its caller').to.deep.equal([callId]);
    expect(await TimelineEventModel.countDocuments({ caseId })).to.equal(2);
    const after = await findCaseById(caseId);
    expect(after?.outbox).to.deep.equal([]);
    expect(after?.outboxPending).to.equal(false);

    await relayPendingOutboxes();
    expect(await TimelineEventModel.countDocuments({ caseId }), 'a second sweep adds nothing').to.equal(2);
  });

  it('a repeat submit of the draft after that crash gets the stored call, not a made-up one (chaos drill D5)', async () => {
    const caseId = new Types.ObjectId().toHexString();
    const callId = new Types.ObjectId().toHexString();
    expect(runWriter('open', 'case.after-insert:kill', caseId, callId).signal).to.equal('SIGKILL');
    // What call intake does on the repeat submit: a new call document under the same intakeKey.
    const again = { ...(await findCaseById(caseId))!.outbox.find((e) => e.type === 'call.logged')!.call!, _id: new Types.ObjectId(), caseId: new Types.ObjectId() };
    const opened = await openCaseFromCall(
      {
        category: 'child_abuse', subCategories: [], riskLevel: 'high', subjects: [{ name: 'Bé A', ageYears: 8, gender: 'female', group: 'child' }],
        location: { provinceCode: '01', communeCode: '00004', address: null }, summary: 'crash test', consent: null, createdBy: null, assignedCounsellorId: null,
      },
      again,
      SYSTEM_ACTOR,
    );
    expect(opened.duplicate).to.equal(true);
    expect(opened.case._id.toHexString()).to.equal(caseId);
    const stored = await findCallByIntakeKey(callId);
    expect(stored?._id.toHexString(), 'the call the first submit stored').to.equal(callId);
    expect(stored?.caseId?.toHexString()).to.equal(caseId);
    expect(await CallModel.countDocuments({ intakeKey: callId })).to.equal(1);
    expect(await TimelineEventModel.countDocuments({ caseId })).to.equal(2);
  });

  it('a relay killed after copying the events but before clearing the outbox does not duplicate them', async () => {
    const caseId = new Types.ObjectId().toHexString();
    const callId = new Types.ObjectId().toHexString();
    expect(runWriter('open', 'case.after-insert:kill', caseId, callId).signal).to.equal('SIGKILL');
    const killedRelay = runWriter('relay', 'outbox.after-materialise:kill');
    expect(killedRelay.signal).to.equal('SIGKILL');
    expect(await TimelineEventModel.countDocuments({ caseId }), 'copied').to.equal(2);
    expect((await findCaseById(caseId))?.outbox.length, 'not yet cleared').to.equal(2);

    await relayPendingOutboxes();
    expect(await TimelineEventModel.countDocuments({ caseId })).to.equal(2);
    expect(await CallModel.countDocuments({ _id: callId })).to.equal(1);
    expect((await recentCallsOfCaller('h', ['01'])).map((c) => c._id.toHexString())).to.include(callId);
    expect((await findCaseById(caseId))?.outbox).to.deep.equal([]);
    const timeline = await caseTimeline((await findCaseById(caseId))!);
    expect(timeline.map((e) => e.type)).to.deep.equal(['case.opened', 'call.logged']);
  });

  it('concurrent notes and relays lose no event and duplicate none', async () => {
    const caseId = new Types.ObjectId().toHexString();
    const callId = new Types.ObjectId().toHexString();
    expect(runWriter('open', 'case.after-insert:kill', caseId, callId).signal).to.equal('SIGKILL');
    await Promise.all([
      ...Array.from({ length: 15 }, (_, i) => addCaseNote(caseId, 'note', `note ${i}`, SYSTEM_ACTOR)),
      ...Array.from({ length: 5 }, () => relayCaseOutbox(caseId)),
    ]);
    await relayCaseOutbox(caseId);
    const events = await TimelineEventModel.find({ caseId }).lean();
    expect(events.filter((e) => e.type === 'case.note_added')).to.have.length(15);
    expect(new Set(events.map((e) => (e.data as { text?: string }).text).filter(Boolean)).size).to.equal(15);
    expect(events).to.have.length(17);
  });

  it('two racing status changes from the same state: one wins, the other is refused', async () => {
    const caseId = new Types.ObjectId().toHexString();
    expect(runWriter('open', 'case.after-insert:kill', caseId, new Types.ObjectId().toHexString()).signal).to.equal('SIGKILL');
    await CaseModel.updateOne({ _id: caseId }, { $set: { status: 'triaged' } });
    const results = await Promise.allSettled([
      changeCaseStatus(caseId, 'in_progress', undefined, SYSTEM_ACTOR),
      changeCaseStatus(caseId, 'in_progress', undefined, SYSTEM_ACTOR),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.code).to.equal('illegal_transition');
    expect(await TimelineEventModel.countDocuments({ caseId, type: 'case.status_changed' })).to.equal(1);
  });

  it('case references are unique and sequential per province and year, even when allocated concurrently', async () => {
    const at = new Date('2031-03-01T00:00:00Z');
    const refs = await Promise.all(Array.from({ length: 25 }, () => allocateCaseReference('01', at)));
    expect(new Set(refs).size).to.equal(25);
    const seqs = refs.map((r) => Number(r.split('-')[2])).sort((a, b) => a - b);
    expect(seqs).to.deep.equal(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(refs[0]).to.match(/^HN-2031-\d{6}$/);
    expect(await allocateCaseReference('79', at)).to.equal('HCM-2031-000001');
    expect(await allocateCaseReference('01', new Date('2032-01-05T00:00:00Z'))).to.equal('HN-2032-000001');
  });
});
