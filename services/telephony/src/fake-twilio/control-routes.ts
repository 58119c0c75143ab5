/**
 * `/_fake/*`: how tests and the demo drive the fake. It plays Twilio towards
 * our API (signed status callbacks, inbound SMS, an answered call) and lets a
 * test inspect records, inject failures, reset, and replay the last webhook.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { isE164 } from '../phone-number';
import { simulateAnsweredCall, callWebhookFields } from './call-simulation';
import { API_VERSION, countSegments, newSid, type FakeCall, type FakeMessage } from './fake-records';
import type { FakeTwilioState } from './fake-state';
import type { WebhookAnswer } from './webhook-delivery';

const ZFailures = z.object({
  kind: z.enum(['429', '500']),
  count: z.number().int().min(0).max(1000).default(1),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
});

const ZMessageStatus = z.object({
  status: z.enum(['sent', 'delivered', 'undelivered', 'failed']),
  errorCode: z.union([z.number().int(), z.string().regex(/^\d+$/)]).optional(),
});

const ZHttpUrl = z.url({ protocol: /^https?$/ });
const ZInboundSms = z.object({
  from: z.string().refine(isE164, 'must be E.164'),
  to: z.string().min(1),
  body: z.string().max(1600),
  url: ZHttpUrl,
});

const ZAnswer = z.object({ digits: z.string().regex(/^[0-9*#-]*$/).max(20).default('') });

const UNANSWERED: ReadonlyArray<FakeCall['status']> = ['queued', 'ringing'];

export function controlRoutes(state: FakeTwilioState): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));

  router.post('/failures', (req, res) => {
    const input = ZFailures.parse(req.body ?? {});
    state.failures = input.count > 0 ? { kind: input.kind, remaining: input.count, retryAfterSeconds: input.retryAfterSeconds } : null;
    res.json({ failures: state.failures });
  });

  router.get('/messages', (_req, res) => {
    res.json({ messages: [...state.messages.values()] });
  });

  router.get('/calls', (_req, res) => {
    res.json({ calls: [...state.calls.values()] });
  });

  router.get('/webhooks', (_req, res) => {
    res.json({ webhooks: state.delivery.deliveries() });
  });

  router.post('/reset', (_req, res) => {
    state.reset();
    res.json({ ok: true });
  });

  router.post('/messages/:sid/status', async (req, res) => {
    const input = ZMessageStatus.parse(req.body ?? {});
    const message = state.messages.get(req.params.sid);
    if (!message || message.direction !== 'outbound-api') return notFound(res, 'message');
    const now = new Date();
    message.status = input.status;
    message.dateUpdated = now;
    message.errorCode = input.errorCode === undefined ? null : Number(input.errorCode);
    if ((input.status === 'sent' || input.status === 'delivered') && !message.dateSent) message.dateSent = now;
    if (!message.statusCallback) return res.json({ delivered: false, message: { sid: message.sid, status: message.status } });
    const params: Record<string, string> = {
      AccountSid: message.accountSid,
      ApiVersion: API_VERSION,
      From: message.from,
      MessageSid: message.sid,
      MessageStatus: message.status,
      SmsSid: message.sid,
      SmsStatus: message.status,
      To: message.to,
    };
    if (message.errorCode !== null) params.ErrorCode = String(message.errorCode);
    const answer = await state.delivery.deliver('message-status', message.statusCallback, params);
    res.json({ delivered: true, ...answerJson(answer) });
  });

  router.post('/inbound-sms', async (req, res) => {
    const input = ZInboundSms.parse(req.body ?? {});
    const now = new Date();
    const message: FakeMessage = {
      sid: newSid('SM'),
      accountSid: state.accountSid,
      direction: 'inbound',
      to: input.to,
      from: input.from,
      body: input.body,
      status: 'received',
      statusCallback: null,
      errorCode: null,
      numSegments: countSegments(input.body),
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
    };
    state.messages.set(message.sid, message);
    const answer = await state.delivery.deliver('inbound-sms', input.url, {
      AccountSid: message.accountSid,
      ApiVersion: API_VERSION,
      Body: message.body,
      From: message.from,
      MessageSid: message.sid,
      NumMedia: '0',
      NumSegments: String(message.numSegments),
      SmsMessageSid: message.sid,
      SmsSid: message.sid,
      SmsStatus: 'received',
      To: message.to,
    });
    res.json({ messageSid: message.sid, ...answerJson(answer) });
  });

  router.post('/calls/:sid/answer', async (req, res) => {
    const input = ZAnswer.parse(req.body ?? {});
    const call = state.calls.get(req.params.sid);
    if (!call) return notFound(res, 'call');
    if (!UNANSWERED.includes(call.status)) return conflict(res, `call is already ${call.status}`);
    const started = new Date();
    call.status = 'in-progress';
    call.startTime = started;
    call.dateUpdated = started;
    try {
      const result = await simulateAnsweredCall(call, input.digits, state.delivery);
      const ended = new Date();
      call.status = 'completed';
      call.endTime = ended;
      call.dateUpdated = ended;
      call.duration = Math.max(1, Math.round((ended.getTime() - started.getTime()) / 1000));
      const statusCallback = await postCallStatus(state, call);
      res.json({ ...result, statusCallback });
    } catch (error) {
      call.status = 'failed';
      call.dateUpdated = new Date();
      throw error;
    }
  });

  router.post('/calls/:sid/no-answer', async (req, res) => {
    const call = state.calls.get(req.params.sid);
    if (!call) return notFound(res, 'call');
    if (!UNANSWERED.includes(call.status)) return conflict(res, `call is already ${call.status}`);
    call.status = 'no-answer';
    call.duration = 0;
    call.dateUpdated = new Date();
    const statusCallback = await postCallStatus(state, call);
    res.json({ call: { sid: call.sid, status: call.status }, statusCallback });
  });

  router.post('/replay-last', async (_req, res) => {
    const answer = await state.delivery.replayLast();
    if (!answer) return notFound(res, 'webhook');
    res.json(answerJson(answer));
  });

  router.use((_req, res) => notFound(res, 'route'));

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof z.ZodError) {
      res.status(400).json({
        error: {
          code: 'validation_failed',
          message: 'Invalid fake-twilio control request',
          issues: error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })),
        },
      });
      return;
    }
    const name = error instanceof Error ? error.name : 'Error';
    const code = error instanceof Error && /TwiML/.test(error.message) ? 'invalid_twiml' : 'webhook_failed';
    res.status(502).json({ error: { code, message: `${name}: ${error instanceof Error ? error.message : 'unknown'}` } });
  });
  return router;
}

/** Twilio posts the final call status when a StatusCallback was given; `completed` covers no-answer too. */
async function postCallStatus(state: FakeTwilioState, call: FakeCall): Promise<{ status: number } | null> {
  if (!call.statusCallback) return null;
  const params = { ...callWebhookFields(call, call.status), CallDuration: String(call.duration ?? 0) };
  const answer = await state.delivery.deliver('call-status', call.statusCallback, params, call.statusCallbackMethod);
  return { status: answer.status };
}

function answerJson(answer: WebhookAnswer): { status: number; body: string; contentType: string | null } {
  return { status: answer.status, body: answer.body, contentType: answer.contentType };
}

function notFound(res: Response, what: string): void {
  res.status(404).json({ error: { code: 'not_found', message: `No such ${what}` } });
}

function conflict(res: Response, message: string): void {
  res.status(409).json({ error: { code: 'conflict', message } });
}
