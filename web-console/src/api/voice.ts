/** The inbound line: one's phone status, answering the ringing call, the callback list and the supervisor's live queue. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCounsellorStatus, TVoiceCallView, TVoiceQueueView } from '@hotline/core';
import { http } from './http';
import type { MutationCallbacks } from './mutation';
import { qk } from './query-keys';

export interface MyVoiceStatus {
  userId: string;
  status: TCounsellorStatus;
  since: string;
  ringingCallId: string | null;
  online: boolean;
}
export interface VoiceAnswered {
  call: TVoiceCallView;
  prefill: { phone: string; channel: 'phone'; startedAt: string };
}

export function useMyVoiceStatus(enabled: boolean) {
  return useQuery({ queryKey: qk.voice.status, queryFn: () => http.get<MyVoiceStatus>('/api/voice/status'), enabled });
}

export function useSetVoiceStatus(cb: MutationCallbacks<MyVoiceStatus, TCounsellorStatus> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (status: TCounsellorStatus) => http.put<MyVoiceStatus>('/api/voice/status', { status }),
    onSuccess: (data, vars) => {
      qc.setQueryData(qk.voice.status, data);
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

/** Answer (the counsellor's ringing call) or pull (a supervisor takes a waiting call). */
export function useTakeCall(kind: 'answer' | 'pull', cb: MutationCallbacks<VoiceAnswered, string> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (callId: string) => http.post<VoiceAnswered>(`/api/voice/calls/${callId}/${kind}`, { via: 'browser' }),
    onSuccess: (data, vars) => {
      void qc.invalidateQueries({ queryKey: qk.voice.all });
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

export function useDeclineCall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (callId: string) => http.post(`/api/voice/calls/${callId}/decline`, {}),
    onSettled: () => void qc.invalidateQueries({ queryKey: qk.voice.all }),
  });
}

export function useVoiceQueue(province: string) {
  return useQuery({ queryKey: qk.voice.queue(province), queryFn: () => http.get<TVoiceQueueView>(`/api/voice/queue?province=${province}`), enabled: !!province, refetchInterval: 5000 });
}

export function useCallbacks(province: string) {
  return useQuery({ queryKey: qk.voice.callbacks(province), queryFn: () => http.get<{ items: TVoiceCallView[] }>(`/api/voice/callbacks?province=${province}`).then((r) => r.items), enabled: !!province });
}

/** Claim a callback, then place the call back through Twilio to one's browser phone. */
export function useCallBack(cb: MutationCallbacks<TVoiceCallView, { id: string; step: 'claim' | 'call' }> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step }: { id: string; step: 'claim' | 'call' }) => http.post<TVoiceCallView>(`/api/voice/callbacks/${id}/${step}`, step === 'call' ? { via: 'browser' } : {}),
    onSuccess: (data, vars) => {
      void qc.invalidateQueries({ queryKey: qk.voice.all });
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}
