/** SLA: the open breaches and the overview (dashboard), and the policies as stored (admin). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TSlaSettingsInput, TSlaSettingsView } from '@hotline/core';
import { http } from './http';
import type { MutationCallbacks } from './mutation';
import { qk } from './query-keys';
import type { Page, TSlaBreach, TSlaOverview } from './types';

export function useOpenBreaches() {
  return useQuery({ queryKey: qk.sla.breaches, queryFn: () => http.get<Page<TSlaBreach>>('/api/sla/breaches?open=true&limit=20') });
}

export function useSlaOverview() {
  return useQuery({ queryKey: qk.sla.overview, queryFn: () => http.get<TSlaOverview>('/api/sla/overview') });
}

export function useSlaSettings() {
  return useQuery({ queryKey: qk.slaPolicies, queryFn: () => http.get<TSlaSettingsView>('/api/sla-policies') });
}

/** PUT /api/sla-policies: the whole settings with the version read (409 when another admin saved in between). */
export function useSaveSlaSettings(cb: MutationCallbacks<TSlaSettingsView, TSlaSettingsInput> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TSlaSettingsInput) => http.put<TSlaSettingsView>('/api/sla-policies', body),
    onSuccess: (view, vars) => {
      qc.setQueryData(qk.slaPolicies, view);
      cb.onSuccess?.(view, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

/** Someone else saved first: read their settings again. */
export function useRefreshSlaSettings() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: qk.slaPolicies });
}
