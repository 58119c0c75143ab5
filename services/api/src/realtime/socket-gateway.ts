/**
 * socket.io on the API's HTTP server. A socket is authenticated by the same
 * session cookie as HTTP, joins rooms from the user's claims, and every client
 * event is validated and access-checked. The Redis adapter carries emits from
 * other API processes and from the workers' emitter.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  caseRoom, caseStaffRoom, caseWatchRooms, CLIENT_EVENTS, roomsFor, type TAck, type TClientEvents, type TServerEvents, type TSessionUser,
} from '@hotline/core';
import { findCaseById, recordAudit } from '@hotline/db';
import { Presence, socketIoKey, type RealtimePublisher } from '@hotline/queue';
import { resolveSession } from '../http/session-auth';
import { mayReadCase } from '@hotline/referrals';

interface SocketData {
  user: TSessionUser;
  sessionId: string;
}

export type ConsoleServer = Server<TClientEvents, TServerEvents, Record<string, never>, SocketData>;

export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

export function createSocketGateway(
  http: HttpServer, redis: Redis, prefix: string, logger: Logger,
): { io: ConsoleServer; publisher: RealtimePublisher; presence: Presence; stopPresence: () => void; onConsoleGone: (fn: (userId: string) => void) => void } {
  const io: ConsoleServer = new Server(http, { serveClient: false, cors: { origin: false } });
  const presence = new Presence(redis, prefix);
  // This process's sockets, refreshed in Redis a few times per TTL (see presence.ts); a failed write only delays presence.
  const local = new Map<string, string>();
  const goneListeners: Array<(userId: string) => void> = [];
  const presenceFailed = (err: Error) => logger.warn({ err: err.message }, 'presence write failed');
  const refresh = setInterval(() => {
    void presence.touch([...local].map(([socketId, userId]) => ({ userId, socketId }))).catch(presenceFailed);
  }, Math.floor(presence.ttlMs / 3));
  refresh.unref();
  const sub = redis.duplicate();
  sub.on('error', () => {});
  io.adapter(createAdapter(redis, sub, { key: socketIoKey(prefix) }));

  // socket.io does not await a middleware: the lookup's failure goes to next().
  io.use((socket, next) => {
    resolveSession(socket.handshake.headers.cookie).then(
      (found) => {
        if (!found) return next(new Error('unauthenticated'));
        socket.data.user = found.user;
        socket.data.sessionId = found.sessionId;
        next();
      },
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  });

  io.on('connection', (socket) => {
    const { user, sessionId } = socket.data;
    void socket.join([...roomsFor(user), sessionRoom(sessionId)]);
    local.set(socket.id, user.id);
    void presence.touch([{ userId: user.id, socketId: socket.id }]).catch(presenceFailed);
    socket.on('disconnect', () => {
      local.delete(socket.id);
      void presence.remove(user.id, socket.id).then(() => goneListeners.forEach((fn) => fn(user.id)), presenceFailed);
    });
    handle(socket, 'case.watch', async ({ caseId }) => {
      // The same rule as GET /api/cases/:id (a partner: only while it holds an open referral of the case).
      const c = await findCaseById(caseId);
      if (!c || !(await mayReadCase(user, c))) {
        return { ok: false, error: { code: 'case_not_found', message: 'No such case' } };
      }
      await recordAudit({ actorId: user.id, actorRole: user.role, action: 'case.watch', targetType: 'case', targetId: caseId, provinceCode: c.provinceCode, requestId: null, ip: null });
      // Partners join the case room only; other partners' referral events go to the staff room (see referralAudience).
      await socket.join(caseWatchRooms(user, caseId));
      return { ok: true };
    });
    handle(socket, 'case.unwatch', async ({ caseId }) => {
      await socket.leave(caseRoom(caseId));
      await socket.leave(caseStaffRoom(caseId));
      return { ok: true };
    });
  });

  function handle<K extends keyof typeof CLIENT_EVENTS>(
    socket: Socket<TClientEvents, TServerEvents, Record<string, never>, SocketData>,
    event: K,
    fn: (payload: ReturnType<(typeof CLIENT_EVENTS)[K]['parse']>) => Promise<Parameters<TAck>[0]>,
  ) {
    (socket as unknown as { on: (e: string, l: (p: unknown, ack?: unknown) => void) => void }).on(event, (payload, ack) => {
      const reply = typeof ack === 'function' ? (ack as TAck) : () => {};
      const parsed = CLIENT_EVENTS[event].safeParse(payload);
      if (!parsed.success) {
        reply({ ok: false, error: { code: 'validation_failed', message: parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ') } });
        return;
      }
      fn(parsed.data as ReturnType<(typeof CLIENT_EVENTS)[K]['parse']>).then(reply, (err: Error) => {
        logger.error({ event, err: err.message }, 'socket handler failed');
        reply({ ok: false, error: { code: 'internal', message: 'Something went wrong' } });
      });
    });
  }

  const publisher: RealtimePublisher = {
    emit(rooms, event, payload) {
      if (rooms.length === 0) return;
      (io.to(rooms) as unknown as { emit: (e: string, p: unknown) => void }).emit(event, payload);
    },
    leave(from, rooms) {
      if (from.length === 0 || rooms.length === 0) return;
      io.in(from).socketsLeave(rooms);
    },
  };
  return { io, publisher, presence, stopPresence: () => clearInterval(refresh), onConsoleGone: (fn) => void goneListeners.push(fn) };
}
