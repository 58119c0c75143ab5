import { expect } from 'chai';
import express, { type Request } from 'express';
import {
  FAKE_AUTH_TOKEN,
  GATHER_RESULT_TEXT,
  OFFER_TEXT,
  TwilioSmsSender,
  TwilioVoiceCaller,
  gatherResultTwiml,
  parseReferralReply,
  readOfferDigits,
  referralOfferText,
  referralOfferTwiml,
  smsReplyTwiml,
  twilioSignatureMiddleware,
  twilioWebhookParsers,
} from '../src/index';
import { COLLABORATOR_PHONE, FROM_NUMBER, controlGet, controlPost, listenApp, newApp, startFakeStack, type FakeStack, type RunningApp } from './support';

const OFFER = { reference: 'HN-2026-000123', categoryLabelVi: 'Bạo lực gia đình', communeNameVi: 'Phường Ba Đình' };

interface Seen {
  path: string;
  body: Record<string, string>;
  raw?: string;
  signature?: string;
  idempotencyToken?: string;
}

describe('the fake Twilio calling our webhooks (signed, real HTTP)', () => {
  let stack: FakeStack;
  let api: RunningApp;
  let seen: Seen[];
  let sms: TwilioSmsSender;
  let voice: TwilioVoiceCaller;

  const record = (req: Request) => {
    seen.push({
      path: req.originalUrl,
      body: { ...req.body },
      raw: (req as Request & { rawBody?: string }).rawBody,
      signature: req.get('X-Twilio-Signature'),
      idempotencyToken: req.get('I-Twilio-Idempotency-Token'),
    });
  };
  const of = (prefix: string) => seen.filter((s) => s.path.startsWith(prefix));

  before(async () => {
    stack = await startFakeStack();
    sms = new TwilioSmsSender({ client: stack.client, from: FROM_NUMBER });
    voice = new TwilioVoiceCaller({ client: stack.client, from: FROM_NUMBER });
    const app = newApp();
    api = await listenApp(app);
    // The fake reaches this app directly, so its public base URL is its own address.
    const verified = twilioWebhookParsers({ authToken: FAKE_AUTH_TOKEN, publicBaseUrl: api.url });

    app.post(
      '/twilio/sms/status',
      express.urlencoded({ extended: false, verify: (req, _res, buf) => ((req as Request & { rawBody?: string }).rawBody = buf.toString('utf8')) }),
      twilioSignatureMiddleware({ authToken: FAKE_AUTH_TOKEN, publicBaseUrl: api.url }),
      (req, res) => {
        record(req);
        res.sendStatus(204);
      },
    );
    app.post('/twilio/sms/status-other-token', ...twilioWebhookParsers({ authToken: 'another-token', publicBaseUrl: api.url }), (req, res) => {
      record(req);
      res.sendStatus(204);
    });
    app.post('/twilio/sms/inbound', ...verified, (req, res) => {
      record(req);
      const reply = parseReferralReply(String(req.body.Body ?? ''));
      res.type('text/xml').send(smsReplyTwiml(reply ? `Đã ghi nhận: ${reply.decision} ${reply.code}` : 'Xin nhắn: 1 <mã> để nhận, 2 <mã> để từ chối.'));
    });
    app.post('/voice/offer', ...verified, (req, res) => {
      record(req);
      const firstPlay = req.query.attempt !== '2';
      res.type('text/xml').send(
        referralOfferTwiml({
          ...OFFER,
          gatherActionUrl: '/voice/gather?referral=R1',
          repeatUrl: firstPlay ? '/voice/offer?attempt=2' : undefined,
        }),
      );
    });
    app.post('/voice/gather', ...verified, (req, res) => {
      record(req);
      const choice = readOfferDigits(req.body.Digits);
      const outcome = choice === 'accept' ? 'accepted' : choice === 'decline' ? 'declined' : choice;
      res.type('text/xml').send(gatherResultTwiml(outcome, { offerUrl: '/voice/offer?attempt=2' }));
    });
    app.post('/voice/status', ...verified, (req, res) => {
      record(req);
      res.sendStatus(204);
    });
  });
  after(async () => {
    await stack.close();
    await api.close();
  });
  beforeEach(() => {
    seen = [];
    stack.fake.reset();
  });

  describe('SMS status callbacks', () => {
    it('reach our endpoint signed, with MessageSid, MessageStatus and ErrorCode when given', async () => {
      const sent = await sms.send({ to: COLLABORATOR_PHONE, body: 'x', statusCallbackUrl: `${api.url}/twilio/sms/status` });
      const delivered = await controlPost(stack.url, `/_fake/messages/${sent.providerId}/status`, { status: 'delivered' });
      expect(delivered.body).to.include({ delivered: true, status: 204 });
      const failed = await controlPost(stack.url, `/_fake/messages/${sent.providerId}/status`, { status: 'failed', errorCode: 30003 });
      expect(failed.body.status).to.equal(204);

      const bodies = of('/twilio/sms/status').map((s) => s.body);
      expect(bodies).to.have.length(2);
      expect(bodies[0]).to.include({ MessageSid: sent.providerId, MessageStatus: 'delivered', AccountSid: stack.fake.accountSid, From: FROM_NUMBER, To: COLLABORATOR_PHONE });
      expect(bodies[0]).not.to.have.property('ErrorCode');
      expect(bodies[1]).to.include({ MessageSid: sent.providerId, MessageStatus: 'failed', ErrorCode: '30003' });
      const fetched = await stack.client.messages(sent.providerId).fetch();
      expect(fetched.status).to.equal('failed');
      expect(fetched.errorCode).to.equal(30003);
    });

    it('are refused by an endpoint holding another auth token (the signature is real)', async () => {
      const sent = await sms.send({ to: COLLABORATOR_PHONE, body: 'x', statusCallbackUrl: `${api.url}/twilio/sms/status-other-token` });
      const r = await controlPost(stack.url, `/_fake/messages/${sent.providerId}/status`, { status: 'sent' });
      expect(r.body.status).to.equal(403);
      expect(JSON.parse(r.body.body).error.code).to.equal('invalid_signature');
      expect(seen).to.have.length(0);
    });

    it('are not sent for a message without StatusCallback, and unknown sids are 404', async () => {
      const sent = await sms.send({ to: COLLABORATOR_PHONE, body: 'x' });
      expect((await controlPost(stack.url, `/_fake/messages/${sent.providerId}/status`, { status: 'sent' })).body.delivered).to.equal(false);
      expect((await controlPost(stack.url, `/_fake/messages/SM${'0'.repeat(32)}/status`, { status: 'sent' })).status).to.equal(404);
      expect((await controlPost(stack.url, `/_fake/messages/${sent.providerId}/status`, { status: 'read' })).status).to.equal(400);
    });

    it('POST /_fake/replay-last re-sends the last webhook byte for byte, and it still verifies', async () => {
      const sent = await sms.send({ to: COLLABORATOR_PHONE, body: 'x', statusCallbackUrl: `${api.url}/twilio/sms/status` });
      await controlPost(stack.url, `/_fake/messages/${sent.providerId}/status`, { status: 'delivered' });
      const replay = await controlPost(stack.url, '/_fake/replay-last');
      expect(replay.body.status).to.equal(204);
      const [first, second] = of('/twilio/sms/status');
      expect(second, 'the replay reached the endpoint').to.not.equal(undefined);
      expect(second!.raw).to.equal(first!.raw);
      expect(second!.signature).to.equal(first!.signature);
      expect(second!.idempotencyToken).to.be.a('string').and.equal(first!.idempotencyToken);
      expect(first!.raw).to.include(`MessageSid=${sent.providerId}`);
    });

    it('replay-last with nothing delivered yet is a 404', async () => {
      expect((await controlPost(stack.url, '/_fake/replay-last')).status).to.equal(404);
    });
  });

  describe('inbound SMS', () => {
    it('posts Twilio’s inbound form, signed, and returns our TwiML answer', async () => {
      const r = await controlPost(stack.url, '/_fake/inbound-sms', {
        from: COLLABORATOR_PHONE,
        to: FROM_NUMBER,
        body: 'Đồng ý abc234',
        url: `${api.url}/twilio/sms/inbound`,
      });
      expect(r.body.status).to.equal(200);
      expect(r.body.body).to.include('<Message>Đã ghi nhận: accept ABC234</Message>');
      const [inbound] = of('/twilio/sms/inbound');
      expect(inbound!.body).to.include({ From: COLLABORATOR_PHONE, To: FROM_NUMBER, Body: 'Đồng ý abc234', NumMedia: '0', AccountSid: stack.fake.accountSid });
      expect(inbound!.body.MessageSid).to.match(/^SM[0-9a-f]{32}$/);
      expect(stack.fake.messages().map((m) => m.direction)).to.deep.equal(['inbound']);
    });

    it('reports an unreachable webhook as 502 and validates its input', async () => {
      const unreachable = await controlPost(stack.url, '/_fake/inbound-sms', { from: COLLABORATOR_PHONE, to: FROM_NUMBER, body: 'x', url: 'http://127.0.0.1:1/nowhere' });
      expect(unreachable.status).to.equal(502);
      const invalid = await controlPost(stack.url, '/_fake/inbound-sms', { from: '0912345678', to: FROM_NUMBER, body: 'x', url: `${api.url}/twilio/sms/inbound` });
      expect(invalid.status).to.equal(400);
      expect(invalid.body.error.issues[0].path).to.equal('from');
      expect(seen).to.have.length(0);
    });

    it('an unreadable reply gets the instructions back', async () => {
      const r = await controlPost(stack.url, '/_fake/inbound-sms', { from: COLLABORATOR_PHONE, to: FROM_NUMBER, body: 'ok', url: `${api.url}/twilio/sms/inbound` });
      expect(r.body.body).to.include('Xin nhắn: 1 &lt;mã&gt; để nhận');
    });
  });

  describe('answering a referral offer call', () => {
    async function placeCall() {
      return voice.call({ to: COLLABORATOR_PHONE, url: `${api.url}/voice/offer`, statusCallbackUrl: `${api.url}/voice/status` });
    }

    it('digit 1 reaches the Gather action with Digits=1, hears the acceptance, and the call completes', async () => {
      const call = await placeCall();
      const r = await controlPost(stack.url, `/_fake/calls/${call.providerId}/answer`, { digits: '1' });
      expect(r.status).to.equal(200);
      expect(r.body.said).to.deep.equal([referralOfferText(OFFER), GATHER_RESULT_TEXT.accepted]);
      expect(r.body.twiml).to.have.length(2);
      expect(r.body.twiml[0]).to.include('numDigits="1"');

      const [gather] = of('/voice/gather');
      expect(gather!.path).to.equal('/voice/gather?referral=R1'); // relative action resolved against the call URL
      expect(gather!.body).to.include({ Digits: '1', CallSid: call.providerId, CallStatus: 'in-progress', Direction: 'outbound-api', To: COLLABORATOR_PHONE });

      const [status] = of('/voice/status');
      expect(status!.body).to.include({ CallSid: call.providerId, CallStatus: 'completed' });
      expect((await stack.client.calls(call.providerId).fetch()).status).to.equal('completed');
      expect(stack.fake.calls()[0]!.digitsPressed).to.deep.equal(['1']);
    });

    it('digit 9 follows the Redirect back to the offer once, then the callee hangs up', async () => {
      const call = await placeCall();
      const r = await controlPost(stack.url, `/_fake/calls/${call.providerId}/answer`, { digits: '9' });
      const offerText = referralOfferText(OFFER);
      expect(r.body.said.filter((t: string) => t === offerText)).to.have.length(2);
      expect(r.body.said).to.include(GATHER_RESULT_TEXT.repeat);
      expect(of('/voice/gather').map((s) => s.body.Digits)).to.deep.equal(['9']);
      expect(of('/voice/offer').map((s) => s.path)).to.deep.equal(['/voice/offer', '/voice/offer?attempt=2']);
    });

    it('no key twice: the offer repeats once, then says goodbye and hangs up', async () => {
      const call = await placeCall();
      const r = await controlPost(stack.url, `/_fake/calls/${call.providerId}/answer`, { digits: '--' });
      expect(r.body.said.at(-1)).to.equal(OFFER_TEXT.noInputGoodbye);
      expect(r.body.twiml.at(-1)).to.match(/<Hangup\/><\/Response>$/);
      expect(of('/voice/gather')).to.have.length(0);
    });

    it('digit 2 declines', async () => {
      const call = await placeCall();
      const r = await controlPost(stack.url, `/_fake/calls/${call.providerId}/answer`, { digits: '2' });
      expect(r.body.said.at(-1)).to.equal(GATHER_RESULT_TEXT.declined);
    });

    it('no-answer posts CallStatus=no-answer, and a finished call cannot be answered again', async () => {
      const call = await placeCall();
      const r = await controlPost(stack.url, `/_fake/calls/${call.providerId}/no-answer`);
      expect(r.status).to.equal(200);
      const [status] = of('/voice/status');
      expect(status!.body).to.include({ CallSid: call.providerId, CallStatus: 'no-answer' });
      expect(of('/voice/offer')).to.have.length(0);
      expect((await controlPost(stack.url, `/_fake/calls/${call.providerId}/answer`, { digits: '1' })).status).to.equal(409);
    });

    it('GET /_fake/calls shows the full record with callback URLs', async () => {
      const call = await placeCall();
      await controlPost(stack.url, `/_fake/calls/${call.providerId}/answer`, { digits: '1' });
      const { body } = await controlGet(stack.url, '/_fake/calls');
      expect(body.calls[0]).to.include({ sid: call.providerId, url: `${api.url}/voice/offer`, statusCallback: `${api.url}/voice/status`, status: 'completed' });
      expect((await controlPost(stack.url, `/_fake/calls/${call.providerId}/answer`, { digits: '1' })).status).to.equal(409);
    });
  });
});
