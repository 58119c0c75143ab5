/** A socket.io client signed in with a test client's session cookie, recording every event it hears. */
import { io, type Socket } from 'socket.io-client';
import type { HttpClient } from './http-client';
import { waitFor } from './wait-for';

export class ConsoleSocket {
  readonly socket: Socket;
  readonly events: Array<{ event: string; payload: any }> = [];

  constructor(baseUrl: string, client: HttpClient) {
    this.socket = io(baseUrl, { transports: ['websocket'], extraHeaders: { cookie: client.cookieHeader }, reconnection: false });
    this.socket.onAny((event: string, payload: unknown) => this.events.push({ event, payload }));
  }

  static async connect(baseUrl: string, client: HttpClient): Promise<ConsoleSocket> {
    const s = new ConsoleSocket(baseUrl, client);
    await new Promise<void>((resolve, reject) => {
      s.socket.once('connect', () => resolve());
      s.socket.once('connect_error', (err) => reject(err));
    });
    return s;
  }

  received(event: string, match: (payload: any) => boolean = () => true) {
    return this.events.filter((e) => e.event === event && match(e.payload));
  }

  waitFor(event: string, match: (payload: any) => boolean = () => true, timeoutMs = 10_000) {
    return waitFor(`socket event ${event}`, () => this.received(event, match)[0]?.payload, timeoutMs);
  }

  emitWithAck(event: string, payload: unknown): Promise<any> {
    return this.socket.timeout(5000).emitWithAck(event, payload);
  }

  close() {
    this.socket.close();
  }
}
