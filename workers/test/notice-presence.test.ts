/**
 * The first notice of a referral reaches the partner through every channel that
 * can reach it now: the console when its user's console is connected (presence
 * in Redis, kept by the socket gateway), SMS at once when it is not, both for
 * high risk. Real workers, Redis, database and the fake Twilio.
 */
import { expect } from 'chai';
import { loadOfficialCommunes, MessageModel, PartnerModel, ReferralModel, UserModel, type MessageDoc } from '@hotline/db';
import { Presence } from '@hotline/queue';
import { onOfferTimeout, sendNotice } from '@hotline/referrals';
import { ConsoleSocket, waitFor, type HttpClient, type TestStack, type WorkerProcess } from '@hotline/testing';
import { freshPhone, workersStack } from './stack';

// The demo collaborator answering from collaborator.hn@demo.vn's console covers province 01's first communes.
const COMMUNE = loadOfficialCommunes().filter((w) => w.province_code === '01')[0]!.ward_code;

async function fakeMessages(stack: TestStack, reference: string): Promise<Array<{ body: string; to: string }>> {
  const res = await fetch(`${stack.twilioUrl}/_fake/messages`);
  return ((await res.json()) as { messages: Array<{ body: string; to: string }> }).messages.filter((m) => m.body.includes(reference));
}

const noticesOf = (referralId: unknown) => MessageModel.find({ referralId }).sort({ createdAt: 1 }).lean<MessageDoc[]>();

describe('referral notices reach offline partners at once', function () {
  let stack: TestStack;
  let counsellor: HttpClient;
  let collaborator: HttpClient;
  let workers: WorkerProcess;
  let partnerId: string;
  let userId: string;
  let presence: Presence;

  const openCase = async (riskLevel: string) => {
    const r = await counsellor.post('/api/calls', {
      channel: 'phone', caller: { phone: freshPhone(), relationship: 'neighbour' }, outcome: 'case_opened',
      case: { category: 'child_abuse', riskLevel, subjects: [{ ageYears: 8 }], location: { provinceCode: '01', communeCode: COMMUNE }, summary: 'Bé bị bỏ đói' },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    const kase = r.body.case as { id: string; reference: string };
    const referral = await waitFor('the referral', async () => ReferralModel.findOne({ caseId: kase.id }).lean(), 20_000);
    expect(referral.partnerId.toHexString()).to.equal(partnerId);
    return { kase, referral };
  };
  /** Once the console notice is recorded, the first notice's decisions are made (the SMS beside it goes first). */
  const firstNoticeDone = (referralId: unknown) =>
    waitFor('the console notice recorded', async () => {
      const ms = await noticesOf(referralId);
      return ms.find((m) => m.channel === 'console' && m.status === 'delivered') ? ms : null;
    }, 20_000);

  before(async () => {
    stack = await workersStack();
    counsellor = await stack.login('counsellor.hn@demo.vn');
    collaborator = await stack.login('collaborator.hn@demo.vn');
    const user = await UserModel.findOne({ email: 'collaborator.hn@demo.vn' }).lean();
    userId = user!._id.toHexString();
    const partner = await PartnerModel.findOne({ provinceCode: '01', userId: user!._id }).lean();
    partnerId = partner!._id.toHexString();
    expect(partner!.channels).to.deep.equal(['console', 'sms', 'voice']);
    // Only the console-connected collaborator is a candidate in 01 for this suite.
    await PartnerModel.updateMany({ provinceCode: '01', _id: { $ne: partner!._id } }, { $set: { paused: true } });
    await PartnerModel.updateOne({ _id: partner!._id }, { $set: { paused: false } });
    presence = new Presence(stack.api.deps.redis, stack.env.BULLMQ_PREFIX);
    workers = await stack.startWorkers();
  });
  after(async () => {
    await workers?.stop('SIGTERM');
    await PartnerModel.updateMany({ provinceCode: '01' }, { $set: { paused: false } });
  });

  it('an offline collaborator gets the SMS at once on a medium case (reference and code only); later steps keep their order without a second SMS', async () => {
    expect(await presence.isOnline(userId)).to.equal(false);
    const { kase, referral } = await openCase('medium');
    const first = await firstNoticeDone(referral._id);
    expect(first.map((m) => [m.channel, m.step]).sort()).to.deep.equal([['console', 0], ['sms', 0]]);
    const sms = await waitFor('the SMS at Twilio', async () => (await fakeMessages(stack, kase.reference))[0]);
    expect(sms.body).to.contain(referral.code);
    expect(sms.body).not.to.contain('bỏ đói');

    // The console's offer window passes: the SMS step was used already, so the voice call comes next.
    expect(await onOfferTimeout(stack.api.deps.referrals, referral._id.toHexString(), 0)).to.equal('next_channel');
    const all = await waitFor('the voice call', async () => {
      const ms = await noticesOf(referral._id);
      return ms.find((m) => m.channel === 'voice' && m.providerId) ? ms : null;
    }, 20_000);
    expect(all.map((m) => `${m.channel}:${m.step}`).sort()).to.deep.equal(['console:0', 'sms:0', 'voice:2']);
    expect(await fakeMessages(stack, kase.reference), 'one SMS in all').to.have.length(1);
  });

  it('a connected collaborator gets the console notice only on a medium case', async () => {
    const socket = await ConsoleSocket.connect(stack.baseUrl, collaborator);
    try {
      await waitFor('presence', async () => (await presence.isOnline(userId)) || null);
      const { kase, referral } = await openCase('medium');
      await socket.waitFor('referral.offered', (p) => p.id === referral._id.toHexString(), 20_000);
      const first = await firstNoticeDone(referral._id);
      expect(first.map((m) => m.channel)).to.deep.equal(['console']);
      expect(await fakeMessages(stack, kase.reference)).to.have.length(0);
    } finally {
      socket.close();
    }
  });

  it('high risk: the connected collaborator gets the console notice and the SMS together', async () => {
    const socket = await ConsoleSocket.connect(stack.baseUrl, collaborator);
    try {
      await waitFor('presence', async () => (await presence.isOnline(userId)) || null);
      const { kase, referral } = await openCase('high');
      await socket.waitFor('referral.offered', (p) => p.id === referral._id.toHexString(), 20_000);
      const first = await firstNoticeDone(referral._id);
      expect(first.map((m) => m.channel).sort()).to.deep.equal(['console', 'sms']);
      await waitFor('the SMS at Twilio', async () => (await fakeMessages(stack, kase.reference))[0]);

      // Idempotent per (referral, channel, attempt): the same notice run again sends nothing more.
      expect(await sendNotice(stack.api.deps.referrals, referral._id.toHexString(), 0)).to.equal('already_sent');
      expect(await noticesOf(referral._id)).to.have.length(2);
      expect(await fakeMessages(stack, kase.reference)).to.have.length(1);
    } finally {
      socket.close();
    }
  });

  it('presence is cleared when the socket disconnects, and lapses when its API process stops refreshing it', async () => {
    const socket = await ConsoleSocket.connect(stack.baseUrl, collaborator);
    await waitFor('presence', async () => (await presence.isOnline(userId)) || null);
    socket.close();
    await waitFor('presence cleared', async () => !(await presence.isOnline(userId)) || null);

    // A process that died: its entry was written with a TTL and nobody refreshes it.
    const short = new Presence(stack.api.deps.redis, stack.env.BULLMQ_PREFIX, 300);
    const ghost = `ghost-${Date.now()}`;
    await short.touch([{ userId: ghost, socketId: 'dead-process-socket' }]);
    expect(await short.isOnline(ghost)).to.equal(true);
    await waitFor('the stale entry lapses', async () => !(await short.isOnline(ghost)) || null, 5000);
    await waitFor('the key itself expires', async () => (await stack.api.deps.redis.exists(`${stack.env.BULLMQ_PREFIX}:presence:user:${ghost}`)) === 0 || null, 5000);
  });
});
