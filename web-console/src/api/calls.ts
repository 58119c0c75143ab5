/** Calls: logging one (POST /api/calls) and a caller's earlier calls and open cases. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCallCreated, TCallInput, TCallerHistory } from '@hotline/core';
import { http, qs } from './http';
import type { MutationCallbacks } from './mutation';
import { qk } from './query-keys';

const createCall = (body: TCallInput) => http.post<TCallCreated>('/api/calls', body);

export function useCreateCall(cb: MutationCallbacks<TCallCreated, TCallInput> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createCall,
    onSuccess: (data, vars) => {
      void qc.invalidateQueries({ queryKey: qk.cases.all });
      if (data.case) void qc.invalidateQueries({ queryKey: qk.case.detail(data.case.id) });
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

const lookupCaller = (phone: string) => http.get<TCallerHistory>(`/api/callers/lookup${qs({ phone })}`);

/** The caller's history in the user's provinces; `phone` as typed (the API normalises it). */
export function useCallerLookup(phone: string, enabled: boolean) {
  return useQuery({
    queryKey: qk.callerLookup(phone),
    queryFn: () => lookupCaller(phone),
    enabled,
    retry: false,
    staleTime: 30_000,
  });
}
