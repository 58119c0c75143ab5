/**
 * Recognising a repeat caller reads one document per number and the calls it
 * lists, never every call the number made. The list must hold the newest
 * calls per province, survive retries and races, hide other provinces' calls
 * from a counsellor who may not see them, and rebuild to the same content.
 */
import { expect } from 'chai';
import { Types } from 'mongoose';
import {
  CallerCallsModel, CallModel, objectIdAt, rebuildCallerCalls, recentCallsOfCaller, recordCallerCall, RECENT_CALLS_KEPT, type CallDoc,
} from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const uri = testSettings('db-caller-calls').mongodbUri;
const t0 = Date.UTC(2026, 0, 1);

function call(phoneHash: string | null, provinceCode: string | null, minute: number): CallDoc {
  const startedAt = new Date(t0 + minute * 60_000);
  const _id = objectIdAt(startedAt);
  return {
    _id, intakeKey: _id.toHexString(), channel: 'phone', startedAt, durationSeconds: 60, counsellorId: new Types.ObjectId(), provinceCode,
    callerPhoneHash: phoneHash, caller: { phoneSealed: null, phoneMasked: null, name: null, relationship: 'self' },
    outcome: 'information_only', caseId: null, notes: null, createdAt: startedAt,
  };
}

/** What the service does when it logs a call: the list first, then the call. */
async function logged(c: CallDoc): Promise<CallDoc> {
  await recordCallerCall(c.callerPhoneHash!, c.provinceCode, c._id, c.startedAt);
  await CallModel.collection.insertOne(c);
  return c;
}

const ids = (calls: CallDoc[]) => calls.map((c) => c._id.toHexString());

describe('a caller\'s recent calls (caller_calls)', function () {
  useFreshDatabase(uri);

  it('lists the newest calls first, at most the kept number per province, whatever order they were logged in', async () => {
    const made: CallDoc[] = [];
    const minutes = Array.from({ length: RECENT_CALLS_KEPT + 15 }, (_, i) => i).sort(() => Math.random() - 0.5);
    for (const m of minutes) made.push(await logged(call('busy', '01', m)));
    const recent = await recentCallsOfCaller('busy', ['01']);
    const expected = made.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).slice(0, RECENT_CALLS_KEPT);
    expect(ids(recent)).to.deep.equal(ids(expected));
    expect(await recentCallsOfCaller('nobody', ['01'])).to.deep.equal([]);
  });

  it('shows a counsellor only the calls logged in provinces they see, and leaves out the call being logged', async () => {
    const hn = await logged(call('two-provinces', '01', 1));
    const hcm = await logged(call('two-provinces', '79', 2));
    const noProvince = await logged(call('two-provinces', null, 3));
    expect(ids(await recentCallsOfCaller('two-provinces', ['01']))).to.deep.equal(ids([noProvince, hn]));
    expect(ids(await recentCallsOfCaller('two-provinces', ['79']))).to.deep.equal(ids([noProvince, hcm]));
    expect(ids(await recentCallsOfCaller('two-provinces', null))).to.deep.equal(ids([noProvince, hcm, hn]));
    expect(ids(await recentCallsOfCaller('two-provinces', null, 20, noProvince._id))).to.deep.equal(ids([hcm, hn]));
    expect(ids(await recentCallsOfCaller('two-provinces', null, 1))).to.deep.equal(ids([noProvince]));
  });

  it('keeps every call when many are logged for one number at once, and a retried record adds nothing', async () => {
    const made = Array.from({ length: 12 }, (_, i) => call('concurrent', '01', i));
    await Promise.all(made.map((c) => logged(c)));
    await Promise.all(made.map((c) => recordCallerCall('concurrent', '01', c._id, c.startedAt)));
    const doc = await CallerCallsModel.findById('concurrent').lean();
    expect(doc!.byProvince['01']).to.have.length(12);
    expect((await recentCallsOfCaller('concurrent', ['01'])).map((c) => c._id.toHexString()).sort()).to.deep.equal(ids(made).sort());
  });

  it('skips an id whose call was never written (a crash between the list and the call)', async () => {
    const kept = await logged(call('crashed', '01', 1));
    const lost = call('crashed', '01', 2);
    await recordCallerCall('crashed', '01', lost._id, lost.startedAt);
    expect(ids(await recentCallsOfCaller('crashed', ['01']))).to.deep.equal(ids([kept]));
  });

  it('rebuilds from the calls to what was recorded call by call', async () => {
    const calls = await CallModel.find({}).lean<CallDoc[]>();
    const before = await CallerCallsModel.find({}).lean();
    const crashedOnly = (d: { _id: string }) => d._id !== 'crashed';
    await CallerCallsModel.deleteMany({});
    await rebuildCallerCalls(calls);
    const after = await CallerCallsModel.find({}).lean();
    const shape = (docs: typeof before) =>
      docs.filter(crashedOnly).map((d) => ({
        _id: d._id,
        byProvince: Object.fromEntries(Object.entries(d.byProvince).sort().map(([k, v]) => [k, v.map((r) => r.callId.toHexString())])),
      })).sort((a, b) => a._id.localeCompare(b._id));
    expect(shape(after)).to.deep.equal(shape(before));
    expect(after.length).to.equal(before.length - 1 + 1); // 'crashed' is rebuilt from its one real call
  });

  it('rebuilds over a collection that still holds some numbers, replacing their stale lists', async () => {
    const calls = await CallModel.find({}).lean<CallDoc[]>();
    const before = await CallerCallsModel.find({}).lean();
    expect(before.length).to.be.greaterThan(2);
    const [stale, ...rest] = before;
    await CallerCallsModel.deleteMany({ _id: rest[0]!._id });
    await CallerCallsModel.updateOne({ _id: stale!._id }, { $set: { byProvince: {} } });
    await rebuildCallerCalls(calls);
    const after = await CallerCallsModel.find({}).lean();
    const lists = (docs: typeof before) => Object.fromEntries(docs.map((d) => [d._id, Object.values(d.byProvince).flat().map((r) => r.callId.toHexString()).sort()]));
    expect(lists(after)).to.deep.equal(lists(before));
  });
});
