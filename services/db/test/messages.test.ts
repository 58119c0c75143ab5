/**
 * A referral notice is sent once even when the same job runs twice at the
 * same time (a stalled job retried while the first run is still sending).
 */
import { expect } from 'chai';
import { Types } from 'mongoose';
import {
  claimMessage, markMessageFailed, markMessageSent, MessageModel, messageKey,
  SendInProgressError,
} from '../src/index';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const uri = testSettings('db-messages').mongodbUri;
const fields = () => {
  const referralId = new Types.ObjectId();
  return { idempotencyKey: messageKey(referralId, 'sms', 0), referralId, partnerId: new Types.ObjectId(), channel: 'sms' as const, step: 0, provider: 'twilio' };
};

describe('message claims: one send per (referral, channel, step)', () => {
  useFreshDatabase(uri);

  it('of five runs racing on one send, exactly one may send; the others are told it is in progress', async () => {
    const f = fields();
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => claimMessage(f)));
    const claimed = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
    expect(claimed).to.have.length(1);
    expect(refused).to.have.length(4);
    for (const e of refused) expect(e).to.be.instanceOf(SendInProgressError);
    expect(await MessageModel.countDocuments({ idempotencyKey: f.idempotencyKey })).to.equal(1);
  });

  it('once sent, a retried job finds the message sent and sends nothing', async () => {
    const f = fields();
    const first = await claimMessage(f);
    await markMessageSent(first._id, 'SM123', 'queued');
    const again = await claimMessage(f);
    expect(again.status).to.equal('queued');
    expect(again.providerId).to.equal('SM123');
  });

  it('a failed send gives its lease back, so the retry sends at once; a crashed run\'s lease runs out', async () => {
    const f = fields();
    const first = await claimMessage(f);
    await markMessageFailed(first._id, 'provider timeout');
    const retry = await claimMessage(f);
    expect(retry.status).to.equal('pending');
    expect(retry.attempts).to.equal(2);

    // A run that "crashes" without recording anything: while its lease holds, no one else sends...
    const g = fields();
    await claimMessage(g, 60_000);
    let blocked: unknown = null;
    await claimMessage(g).catch((e) => (blocked = e));
    expect(blocked, 'while the lease holds').to.be.instanceOf(SendInProgressError);
    // ...and once it has run out, the next run takes the send over.
    const h = fields();
    await claimMessage(h, 1);
    await new Promise((r) => setTimeout(r, 20));
    const after = await claimMessage(h);
    expect(after.status, 'after the lease ran out, the send is taken over').to.equal('pending');
  });
});
