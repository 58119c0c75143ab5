/**
 * Live updates: one socket.io connection per signed-in tab, same origin, with
 * the session cookie. Server events refresh the TanStack Query cache; a
 * reconnect refetches everything, since events may have been missed.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { TCallCard, TCaseCard, TQueueSummary } from '@hotline/core';
import { ME_KEY } from '../auth/session';

export type RealtimeStatus = 'connecting' | 'live' | 'offline';
type Listener = (event: string, payload: unknown) => void;

export interface LiveAlert {
  id: string;
  event: string;
  at: string;
  payload: Record<string, unknown>;
}

interface RealtimeApi {
  status: RealtimeStatus;
  subscribe(fn: Listener): () => void;
  watchCase(caseId: string): () => void;
  alerts: LiveAlert[];
}

const RealtimeContext = createContext<RealtimeApi | null>(null);

export const QUEUE_SUMMARY_KEY = ['queue-summary'] as const;
/** Breaches and the SLA overview: refetched on every sla.* event. */
export const SLA_KEY = ['sla'] as const;

/** Replaces the rows of the provinces an event counted; keeps the others. */
export function mergeQueueSummary(current: TQueueSummary | undefined, update: TQueueSummary): TQueueSummary | undefined {
  if (!current) return undefined;
  const changed = new Set(update.provinces);
  const known = new Set(current.provinces);
  if (!update.provinces.some((p) => known.has(p))) return current;
  const rows = [...current.rows.filter((r) => !changed.has(r.provinceCode)), ...update.rows.filter((r) => known.has(r.provinceCode))];
  return { ...current, rows, total: rows.reduce((n, r) => n + r.count, 0), at: update.at };
}

function applyEvent(qc: QueryClient, event: string, payload: unknown) {
  switch (event) {
    case 'queue.summary':
      qc.setQueryData<TQueueSummary | undefined>(QUEUE_SUMMARY_KEY, (cur) => mergeQueueSummary(cur, payload as TQueueSummary));
      return;
    case 'case.created':
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ queryKey: ['weekly'] });
      return;
    case 'case.updated': {
      const card = (payload as { case?: TCaseCard }).case;
      if (card) void qc.invalidateQueries({ queryKey: ['case', card.id] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      return;
    }
    case 'call.created':
      return;
    default:
      // referral.*, routing.* and sla.*: refresh whatever they may touch.
      if (event.startsWith('sla.')) void qc.invalidateQueries({ queryKey: SLA_KEY });
      if (event.startsWith('referral.') || event.startsWith('sla.') || event.startsWith('routing.')) {
        void qc.invalidateQueries({ queryKey: ['referrals'] });
        void qc.invalidateQueries({ queryKey: ['case'] });
        void qc.invalidateQueries({ queryKey: ['cases'] });
      }
  }
}

export function RealtimeProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>('connecting');
  const [alerts, setAlerts] = useState<LiveAlert[]>([]);
  const listeners = useRef(new Set<Listener>());
  const watched = useRef(new Map<string, number>());
  const socketRef = useRef<Socket | null>(null);

  useEffect(() => {
    const socket = io({ withCredentials: true, transports: ['websocket', 'polling'], timeout: 8000 });
    socketRef.current = socket;
    let everConnected = false;

    socket.on('connect', () => {
      setStatus('live');
      for (const caseId of watched.current.keys()) socket.emit('case.watch', { caseId }, () => {});
      // After a gap, events may have been missed: refetch what is on screen.
      if (everConnected) void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      everConnected = true;
    });
    socket.on('disconnect', (reason) => {
      setStatus('offline');
      // The server closed this socket (e.g. the session ended elsewhere): try again; an ended session then fails
      // with "unauthenticated" and the app returns to sign-in. Other reasons reconnect by themselves.
      if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
    });
    socket.on('connect_error', (err) => {
      setStatus('offline');
      if (err.message === 'unauthenticated') void qc.invalidateQueries({ queryKey: ME_KEY });
    });
    socket.onAny((event: string, payload: unknown) => {
      applyEvent(qc, event, payload);
      if (event.startsWith('sla.') || event === 'routing.unroutable') {
        const p = (payload && typeof payload === 'object' ? payload : {}) as Record<string, unknown>;
        setAlerts((a) => [{ id: `${Date.now()}-${Math.random()}`, event, at: new Date().toISOString(), payload: p }, ...a].slice(0, 50));
      }
      for (const fn of listeners.current) fn(event, payload);
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [qc, userId]);

  const apiRef = useRef<Omit<RealtimeApi, 'status' | 'alerts'>>({
    subscribe(fn) {
      listeners.current.add(fn);
      return () => listeners.current.delete(fn);
    },
    watchCase(caseId) {
      const n = watched.current.get(caseId) ?? 0;
      watched.current.set(caseId, n + 1);
      if (n === 0) socketRef.current?.emit('case.watch', { caseId }, () => {});
      return () => {
        const left = (watched.current.get(caseId) ?? 1) - 1;
        if (left > 0) watched.current.set(caseId, left);
        else {
          watched.current.delete(caseId);
          socketRef.current?.emit('case.unwatch', { caseId }, () => {});
        }
      };
    },
  });

  return <RealtimeContext.Provider value={{ status, alerts, ...apiRef.current }}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeApi {
  const ctx = useContext(RealtimeContext);
  if (!ctx) throw new Error('useRealtime outside RealtimeProvider');
  return ctx;
}

/** Calls `fn` for each server event named in `events`. */
export function useRealtimeEvents(events: readonly string[], fn: (event: string, payload: unknown) => void) {
  const { subscribe } = useRealtime();
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const key = events.join('|');
  useEffect(() => subscribe((e, p) => (key.split('|').includes(e) ? fnRef.current(e, p) : undefined)), [subscribe, key]);
}

export function useWatchCase(caseId: string | undefined) {
  const { watchCase } = useRealtime();
  useEffect(() => (caseId ? watchCase(caseId) : undefined), [caseId, watchCase]);
}

export type { TCallCard };
