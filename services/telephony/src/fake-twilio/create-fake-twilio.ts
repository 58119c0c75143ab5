/**
 * A small Twilio stand-in the project owns. The real SDK talks to it over
 * HTTP (see FakeAwareRequestClient); it talks back to our API with signed
 * webhooks. Used by the embedded default setup and by tests.
 */
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '../twilio-client';
import { apiRoutes, API_BASE_PATH } from './api-routes';
import { controlRoutes } from './control-routes';
import { inboundCallRoutes } from './inbound-calls';
import type { FakeCall, FakeMessage } from './fake-records';
import { FakeTwilioState, type InjectedFailureKind } from './fake-state';
import type { DeliveredWebhook } from './webhook-delivery';

export interface FakeTwilioOptions {
  accountSid?: string;
  authToken?: string;
}

export interface RunningFakeTwilio {
  /** e.g. `http://127.0.0.1:41234`: pass it as `fakeBaseUrl`. */
  url: string;
  close(): Promise<void>;
}

export interface FakeTwilio {
  app: Express;
  accountSid: string;
  authToken: string;
  listen(port?: number, host?: string): Promise<RunningFakeTwilio>;
  messages(): FakeMessage[];
  calls(): FakeCall[];
  /** Every webhook the fake sent, oldest first. */
  webhooks(): DeliveredWebhook[];
  /** Makes the next `count` sends (messages or calls) fail with 429 or 500. */
  failNext(kind: InjectedFailureKind, count?: number, retryAfterSeconds?: number): void;
  reset(): void;
}

export function createFakeTwilio(options: FakeTwilioOptions = {}): FakeTwilio {
  const accountSid = options.accountSid ?? FAKE_ACCOUNT_SID;
  const authToken = options.authToken ?? FAKE_AUTH_TOKEN;
  const state = new FakeTwilioState(accountSid, authToken);

  const app = express();
  app.disable('x-powered-by');
  app.use(API_BASE_PATH, apiRoutes(state));
  app.use('/_fake', inboundCallRoutes(state));
  app.use('/_fake', controlRoutes(state));
  app.use((_req, res) => {
    res.status(404).json({ code: 20404, message: 'The requested resource was not found', status: 404 });
  });

  return {
    app,
    accountSid,
    authToken,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        const server = app.listen(port, host);
        server.once('error', reject);
        server.once('listening', () => {
          const address = server.address() as AddressInfo;
          const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({
            url: `http://${hostname}:${address.port}`,
            close: () =>
              new Promise<void>((done, fail) => {
                server.close((error) => (error ? fail(error) : done()));
                server.closeAllConnections();
              }),
          });
        });
      }),
    messages: () => [...state.messages.values()].map((m) => ({ ...m })),
    calls: () => [...state.calls.values()].map((c) => ({ ...c, digitsPressed: [...c.digitsPressed] })),
    webhooks: () => state.delivery.deliveries(),
    failNext: (kind, count = 1, retryAfterSeconds = 1) => {
      state.failures = count > 0 ? { kind, remaining: count, retryAfterSeconds } : null;
    },
    reset: () => state.reset(),
  };
}
