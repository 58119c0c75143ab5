/** Test plumbing: a fake Twilio and small express apps on port 0, real HTTP in between. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express } from 'express';
import { createFakeTwilio, createTwilioClient, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN, type FakeTwilio, type TwilioClient } from '../src/index';

export const FROM_NUMBER = '+15005550006';
export const COLLABORATOR_PHONE = '+84912345678';

export interface FakeStack {
  fake: FakeTwilio;
  url: string;
  client: TwilioClient;
  close(): Promise<void>;
}

export async function startFakeStack(): Promise<FakeStack> {
  const fake = createFakeTwilio({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN });
  const running = await fake.listen(0, '127.0.0.1');
  const client = createTwilioClient({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN, fakeBaseUrl: running.url });
  return { fake, url: running.url, client, close: running.close };
}

export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

export function listenApp(app: Express): Promise<RunningApp> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(0, '127.0.0.1');
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** POSTs JSON to a fake control endpoint and returns status + parsed body. */
export async function controlPost(baseUrl: string, path: string, body: unknown = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export async function controlGet(baseUrl: string, path: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

export function newApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  return app;
}
