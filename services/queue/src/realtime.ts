/**
 * One way to reach every console: the API's socket.io server and the workers'
 * Redis emitter both implement `RealtimePublisher`, over the same Redis key,
 * so several API processes and the workers reach every connected console.
 */
import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { provinceAudience, caseRoom, SERVER_EVENTS, type TCaseCard, type TServerEventName, type TServerEvents } from '@hotline/core';
import type { z } from 'zod';

export type ServerPayload<K extends TServerEventName> = z.infer<(typeof SERVER_EVENTS)[K]>;

export interface RealtimePublisher {
  emit<K extends TServerEventName>(rooms: string[], event: K, payload: ServerPayload<K>): void;
  /** Makes every socket in `from` leave `rooms` (on every API process): a partner that no longer holds a case stops hearing it. */
  leave?(from: string[], rooms: string[]): void;
}

/** socket.io's Redis adapter and emitter must agree on this key. */
export const socketIoKey = (prefix: string) => `${prefix}-socket.io`;

export function createRedisEmitter(redis: Redis, prefix: string): RealtimePublisher {
  const emitter = new Emitter<TServerEvents>(redis, { key: socketIoKey(prefix) });
  return {
    emit(rooms, event, payload) {
      if (rooms.length === 0) return;
      (emitter.to(rooms) as unknown as { emit: (e: string, p: unknown) => void }).emit(event, payload);
    },
    leave(from, rooms) {
      if (from.length === 0 || rooms.length === 0) return;
      emitter.in(from).socketsLeave(rooms);
    },
  };
}

/** Who hears about a case: its province's staff rooms and whoever is watching the case. */
export const caseAudience = (card: Pick<TCaseCard, 'id' | 'provinceCode'>) => [...provinceAudience(card.provinceCode), caseRoom(card.id)];
