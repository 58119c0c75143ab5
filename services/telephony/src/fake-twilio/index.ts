export { createFakeTwilio, type FakeTwilio, type FakeTwilioOptions, type RunningFakeTwilio } from './create-fake-twilio';
export type { FakeCall, FakeMessage, MessageStatus, CallStatus } from './fake-records';
export type { DeliveredWebhook, WebhookAnswer } from './webhook-delivery';
export type { CallAnswerResult } from './call-simulation';
export type { InjectedFailureKind } from './fake-state';
export { parseTwiml, type TwimlElement } from './twiml-reader';
