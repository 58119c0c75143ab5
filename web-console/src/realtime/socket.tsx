/**
 * Live updates: one socket.io connection per signed-in tab, same origin, with
 * the session cookie. Server events refresh the TanStack Query cache; a
 * reconnect refetches everything, since events may have been missed.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { TCaseCard, TQueueSummary } from '@hotline/core';
import { qk } from '../api/query-keys';

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

/** Replaces the rows of the provinces an event counted; keeps the others. */
function mergeQueueSummary(current: TQueueSummary | undefined, update: TQueueSummary): TQueueSummary | undefined {
  if (!current) return undefined;
  const changed = new Set(update.provinces);
  const known = new Set(current.provinces);
  if (!update.provinces.some((p) => known.has(p))) return current;
  const rows = [...current.rows.filter((r) => !changed.has(r.provinceCode)), ...update.rows.filter((r) => known.has(r.provinceCode))];
  return { ...current, rows, total: rows.reduce((n, r) => n + r.count, 0), at: update.at };
}

/** What each server event changes in the cache (keys from src/api/query-keys.ts). */
function applyEvent(qc: QueryClient, event: string, payload: unknown) {
  const refresh = (queryKey: readonly unknown[]) => void qc.invalidateQueries({ queryKey });
  switch (event) {
    case 'queue.summary':
      qc.setQueryData<TQueueSummary | undefined>(qk.queueSummary, (cur) => mergeQueueSummary(cur, payload as TQueueSummary));
      return;
    case 'case.created':
      refresh(qk.cases.all);
      refresh(qk.weeklyCases);
      return;
    case 'case.updated': {
      const card = (payload as { case?: TCaseCard }).case;
      if (card) refresh(qk.case.detail(card.id));
      refresh(qk.cases.all);
      return;
    }
    case 'call.created':
      return;
    default:
      // referral.*, routing.* and sla.*: refresh whatever they may touch.
      if (event.startsWith('sla.')) refresh(qk.sla.all);
      if (event.startsWith('referral.') || event.startsWith('sla.') || event.startsWith('routing.')) {
        refresh(qk.referrals.all);
        refresh(qk.case.all);
        refresh(qk.cases.all);
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
      if (everConnected) void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== qk.me[0] });
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
      if (err.message === 'unauthenticated') void qc.invalidateQueries({ queryKey: qk.me });
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

