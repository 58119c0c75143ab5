import { expect } from 'chai';
import twilio from 'twilio';
import { createTwilioClient, FakeAwareRequestClient, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '../src/index';
import { COLLABORATOR_PHONE, FROM_NUMBER, controlGet, controlPost, startFakeStack, type FakeStack } from './support';

describe('the real Twilio SDK against the fake Twilio (real HTTP)', () => {
  let stack: FakeStack;
  before(async () => {
    stack = await startFakeStack();
  });
  after(async () => {
    await stack.close();
  });
  beforeEach(() => stack.fake.reset());

  it('rewrites only the host of SDK URLs, keeping path and query', () => {
    const rc = new FakeAwareRequestClient('http://127.0.0.1:3080/');
    expect(rc.rewrite('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=%2B84&PageSize=2')).to.equal(
      'http://127.0.0.1:3080/2010-04-01/Accounts/AC1/Messages.json?To=%2B84&PageSize=2',
    );
  });

  it('a message created with messages.create is listed by messages.list, fetchable, and recorded by the fake', async () => {
    const created = await stack.client.messages.create({
      to: COLLABORATOR_PHONE,
      from: FROM_NUMBER,
      body: 'Có ca mới HN-2026-000123',
      statusCallback: 'http://127.0.0.1:9/status',
    });
    expect(created.sid).to.match(/^SM[0-9a-f]{32}$/);
    expect(created.status).to.equal('queued');
    expect(created.to).to.equal(COLLABORATOR_PHONE);
    expect(created.numSegments).to.equal('1');
    expect(created.dateCreated).to.be.instanceOf(Date);

    const listed = await stack.client.messages.list();
    expect(listed.map((m) => m.sid)).to.deep.equal([created.sid]);
    expect(listed[0]!.body).to.equal('Có ca mới HN-2026-000123');

    const fetched = await stack.client.messages(created.sid).fetch();
    expect(fetched.sid).to.equal(created.sid);

    const [record] = stack.fake.messages();
    expect(record).to.include({ sid: created.sid, to: COLLABORATOR_PHONE, from: FROM_NUMBER, statusCallback: 'http://127.0.0.1:9/status' });
    const viaHttp = await controlGet(stack.url, '/_fake/messages');
    expect(viaHttp.body.messages[0].sid).to.equal(created.sid);
  });

  it('messages.list filters by To and pages through every record with Twilio paging fields', async () => {
    for (let i = 0; i < 5; i++) {
      await stack.client.messages.create({ to: i % 2 ? '+84900000001' : '+84900000002', from: FROM_NUMBER, body: `m${i}` });
    }
    expect(await stack.client.messages.list({ to: '+84900000001' })).to.have.length(2);
    const all = await stack.client.messages.list({ pageSize: 2 });
    expect(all).to.have.length(5);
    expect(all.map((m) => m.body)).to.deep.equal(['m4', 'm3', 'm2', 'm1', 'm0']);
    const first = await stack.client.messages.page({ pageSize: 2 });
    expect(first.instances).to.have.length(2);
    expect(first.nextPageUrl).to.be.a('string');
    const second = await first.nextPage();
    expect(second!.instances.map((m) => m.body)).to.deep.equal(['m2', 'm1']);
  });

  it('a call created with calls.create is listed by calls.list and fetchable', async () => {
    const call = await stack.client.calls.create({
      to: COLLABORATOR_PHONE,
      from: FROM_NUMBER,
      url: 'http://127.0.0.1:9/voice/offer',
      method: 'POST',
      statusCallback: 'http://127.0.0.1:9/voice/status',
      statusCallbackEvent: ['initiated', 'completed'],
    });
    expect(call.sid).to.match(/^CA[0-9a-f]{32}$/);
    expect(call.status).to.equal('queued');
    const listed = await stack.client.calls.list();
    expect(listed.map((c) => c.sid)).to.deep.equal([call.sid]);
    expect((await stack.client.calls(call.sid).fetch()).to).to.equal(COLLABORATOR_PHONE);
    const [record] = stack.fake.calls();
    expect(record!.url).to.equal('http://127.0.0.1:9/voice/offer');
    expect(record!.statusCallbackEvents).to.deep.equal(['initiated', 'completed']);
  });

  it('wrong credentials make the SDK reject with Twilio 401 / 20003 and create nothing', async () => {
    const wrong = createTwilioClient({ accountSid: FAKE_ACCOUNT_SID, authToken: 'not-the-token', fakeBaseUrl: stack.url });
    try {
      await wrong.messages.create({ to: COLLABORATOR_PHONE, from: FROM_NUMBER, body: 'x' });
      expect.fail('the SDK should reject');
    } catch (error) {
      expect(error).to.be.instanceOf(twilio.RestException);
      expect(error).to.include({ status: 401, code: 20003 });
    }
    const otherAccount = createTwilioClient({ accountSid: `AC${'1'.repeat(32)}`, authToken: FAKE_AUTH_TOKEN, fakeBaseUrl: stack.url });
    await otherAccount.calls.list().then(
      () => expect.fail('the SDK should reject'),
      (error) => expect(error).to.include({ status: 401 }),
    );
    expect(stack.fake.messages()).to.have.length(0);
  });

  it('an unknown message sid is a Twilio 404 / 20404', async () => {
    const error = await stack.client.messages(`SM${'f'.repeat(32)}`).fetch().catch((e: unknown) => e);
    expect(error).to.include({ status: 404, code: 20404 });
  });

  it('the fake answers a malformed To with 400 / 21211', async () => {
    const error = await stack.client.messages.create({ to: '0912345678', from: FROM_NUMBER, body: 'x' }).catch((e: unknown) => e);
    expect(error).to.include({ status: 400, code: 21211 });
  });

  it('POST /_fake/failures makes exactly the next N sends fail', async () => {
    const set = await controlPost(stack.url, '/_fake/failures', { kind: '500', count: 2 });
    expect(set.status).to.equal(200);
    for (let i = 0; i < 2; i++) {
      const error = await stack.client.messages.create({ to: COLLABORATOR_PHONE, from: FROM_NUMBER, body: 'x' }).catch((e: unknown) => e);
      expect(error).to.include({ status: 500 });
    }
    await stack.client.messages.create({ to: COLLABORATOR_PHONE, from: FROM_NUMBER, body: 'x' });
    expect(stack.fake.messages()).to.have.length(1);
    expect((await controlPost(stack.url, '/_fake/failures', { kind: '418', count: 1 })).status).to.equal(400);
  });

  it('POST /_fake/reset forgets every record', async () => {
    await stack.client.messages.create({ to: COLLABORATOR_PHONE, from: FROM_NUMBER, body: 'x' });
    expect((await controlPost(stack.url, '/_fake/reset')).status).to.equal(200);
    expect(await stack.client.messages.list()).to.have.length(0);
  });
});
