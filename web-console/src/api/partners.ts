/** Partners (collaborators, facilities, agencies): every page for the admin screens, adding and changing one. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TPartnerInput, TPartnerPatch, TPartnerView } from '@hotline/core';
import { http, qs } from './http';
import type { MutationCallbacks } from './mutation';
import { qk } from './query-keys';
import type { Page } from './types';

/** Every partner the admin can see (all pages). */
export function useAllPartners() {
  return useQuery({
    queryKey: qk.partners.everyPage,
    queryFn: async (): Promise<TPartnerView[]> => {
      const all: TPartnerView[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 20; i += 1) {
        const page: Page<TPartnerView> = await http.get<Page<TPartnerView>>(`/api/partners${qs({ limit: 100, cursor })}`);
        all.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return all;
    },
  });
}

/** The partner's names by id, from the cached list (no request of its own). */
export function useCachedPartnerNames(): Map<string, string> {
  const qc = useQueryClient();
  return new Map((qc.getQueryData<TPartnerView[]>(qk.partners.everyPage) ?? []).map((p) => [p.id, p.name]));
}

export function useCreatePartner(cb: MutationCallbacks<TPartnerView, TPartnerInput> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TPartnerInput) => http.post<TPartnerView>('/api/partners', body),
    onSuccess: (p, vars) => {
      void qc.invalidateQueries({ queryKey: qk.partners.all });
      cb.onSuccess?.(p, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

export interface PartnerPatchVars {
  id: string;
  patch: TPartnerPatch;
}

/** Any change to a partner (pause, duty hours, beds, channels); the answer replaces it in the cached list. */
export function useUpdatePartner(cb: MutationCallbacks<TPartnerView, PartnerPatchVars> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: PartnerPatchVars) => http.patch<TPartnerView>(`/api/partners/${id}`, patch),
    onMutate: (vars) => cb.onMutate?.(vars),
    onSettled: () => cb.onSettled?.(),
    onSuccess: (p, vars) => {
      qc.setQueryData<TPartnerView[]>(qk.partners.everyPage, (old) => old?.map((x) => (x.id === p.id ? p : x)));
      cb.onSuccess?.(p, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}
