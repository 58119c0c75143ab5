import { expect } from 'chai';
import {
  PermanentSendError,
  ProviderRateLimitedError,
  TwilioSmsSender,
  TwilioVoiceCaller,
  isRetryableSendError,
} from '../src/index';
import { COLLABORATOR_PHONE, FROM_NUMBER, controlPost, startFakeStack, type FakeStack } from './support';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('TwilioSmsSender and TwilioVoiceCaller against the fake Twilio', () => {
  let stack: FakeStack;
  let sms: TwilioSmsSender;
  let voice: TwilioVoiceCaller;
  before(async () => {
    stack = await startFakeStack();
    sms = new TwilioSmsSender({ client: stack.client, from: FROM_NUMBER });
    voice = new TwilioVoiceCaller({ client: stack.client, from: FROM_NUMBER });
  });
  after(async () => {
    await stack.close();
  });
  beforeEach(() => stack.fake.reset());

  it('sends an SMS and returns the provider id and status; Twilio in Vietnam carries no replies', async () => {
    const result = await sms.send({ to: COLLABORATOR_PHONE, body: 'Mã ca HN-2026-000123', statusCallbackUrl: 'http://127.0.0.1:9/sms/status' });
    expect(result.providerId).to.match(/^SM[0-9a-f]{32}$/);
    expect(result.status).to.equal('queued');
    expect(sms.provider).to.equal('twilio');
    expect(sms.carriesReplies).to.equal(false);
    const [record] = stack.fake.messages();
    expect(record).to.include({ sid: result.providerId, to: COLLABORATOR_PHONE, from: FROM_NUMBER, statusCallback: 'http://127.0.0.1:9/sms/status' });
  });

  it('a 429 becomes ProviderRateLimitedError with the Retry-After delay, and the send after it succeeds', async () => {
    await controlPost(stack.url, '/_fake/failures', { kind: '429', count: 1, retryAfterSeconds: 2 });
    const error = await rejection(sms.send({ to: COLLABORATOR_PHONE, body: 'x' }));
    expect(error).to.be.instanceOf(ProviderRateLimitedError);
    expect((error as ProviderRateLimitedError).retryAfterMs).to.equal(2000);
    expect(isRetryableSendError(error)).to.equal(true);
    expect((await sms.send({ to: COLLABORATOR_PHONE, body: 'x' })).status).to.equal('queued');
  });

  it('a 500 is a plain retryable Error, not a permanent one', async () => {
    stack.fake.failNext('500');
    const error = await rejection(sms.send({ to: COLLABORATOR_PHONE, body: 'x' }));
    expect(error).to.be.instanceOf(Error);
    expect(error).not.to.be.instanceOf(PermanentSendError);
    expect(error).not.to.be.instanceOf(ProviderRateLimitedError);
    expect(isRetryableSendError(error)).to.equal(true);
  });

  for (const [to, code] of [
    ['+15005550001', 21211],
    ['+15005550004', 21610],
    ['+15005550009', 21614],
  ] as const) {
    it(`Twilio error ${code} becomes PermanentSendError and its message does not quote the number`, async () => {
      const error = await rejection(sms.send({ to, body: 'x' }));
      expect(error).to.be.instanceOf(PermanentSendError);
      expect((error as PermanentSendError).providerCode).to.equal(code);
      expect(isRetryableSendError(error)).to.equal(false);
      expect((error as Error).message).not.to.include(to);
      expect((error as Error).message).not.to.include(to.slice(1));
    });
  }

  it('other Twilio refusals (21612 unreachable) stay retryable', async () => {
    const error = await rejection(sms.send({ to: '+15005550002', body: 'x' }));
    expect(error).not.to.be.instanceOf(PermanentSendError);
    expect((error as Error).message).to.include('21612');
  });

  it('a number that is not E.164 is refused before anything is sent', async () => {
    const error = await rejection(sms.send({ to: '0912 345 678', body: 'x' }));
    expect(error).to.be.instanceOf(PermanentSendError);
    expect(stack.fake.messages()).to.have.length(0);
  });

  it('places a voice call whose TwiML URL is fetched with POST and that asks for the completed status callback', async () => {
    const result = await voice.call({
      to: COLLABORATOR_PHONE,
      url: 'http://127.0.0.1:9/voice/offer?ref=abc',
      statusCallbackUrl: 'http://127.0.0.1:9/voice/status',
    });
    expect(result.providerId).to.match(/^CA[0-9a-f]{32}$/);
    expect(result.status).to.equal('queued');
    const [record] = stack.fake.calls();
    expect(record).to.include({
      to: COLLABORATOR_PHONE,
      from: FROM_NUMBER,
      url: 'http://127.0.0.1:9/voice/offer?ref=abc',
      method: 'POST',
      statusCallback: 'http://127.0.0.1:9/voice/status',
    });
    expect(record!.statusCallbackEvents).to.deep.equal(['completed']);
  });

  it('voice calls map errors the same way (429 and invalid number)', async () => {
    stack.fake.failNext('429', 1, 0);
    const limited = await rejection(voice.call({ to: COLLABORATOR_PHONE, url: 'http://127.0.0.1:9/x' }));
    expect(limited).to.be.instanceOf(ProviderRateLimitedError);
    expect((limited as ProviderRateLimitedError).retryAfterMs).to.equal(0);
    const invalid = await rejection(voice.call({ to: '+15005550001', url: 'http://127.0.0.1:9/x' }));
    expect(invalid).to.be.instanceOf(PermanentSendError);
    expect(stack.fake.calls()).to.have.length(0);
  });
});
