/** Accounts (admin), the staff of a province (reassigning a case) and collaborator accounts (a partner's console channel). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TRole, TUserCreateInput, TUserPatch, TUserView } from '@hotline/core';
import { http, qs } from './http';
import type { MutationCallbacks } from './mutation';
import { qk } from './query-keys';
import type { Page } from './types';

export interface UserFilters {
  q?: string | undefined;
  role?: TRole | undefined;
  active?: 'true' | 'false' | undefined;
}

const listUsers = (params: UserFilters & { province?: string; cursor?: string | null; limit: number }) =>
  http.get<Page<TUserView>>(`/api/users${qs({ ...params })}`);

export function useUserList(filters: UserFilters) {
  return useInfiniteQuery({
    queryKey: qk.users.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => listUsers({ ...filters, q: filters.q || undefined, cursor: pageParam, limit: 50 }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** One account by id (who last changed the SLA settings); only for an id that looks like one. */
export function useAccount(id: string | null) {
  return useQuery({
    queryKey: qk.users.one(id),
    enabled: Boolean(id && /^[0-9a-f]{24}$/.test(id)),
    queryFn: () => http.get<TUserView>(`/api/users/${id}`),
    retry: false,
  });
}

/** Who may hold a case of this province: active staff, not collaborators (they answer referrals) nor admins. */
export function useProvinceStaff(provinceCode: string, enabled: boolean) {
  return useQuery({
    queryKey: qk.users.staff(provinceCode),
    queryFn: async () => {
      const page = await listUsers({ province: provinceCode, active: 'true', limit: 100 });
      return { items: page.items.filter((u) => u.role !== 'collaborator' && u.role !== 'admin') };
    },
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** Active collaborator accounts matching `q` (name or email). */
export function useCollaboratorSearch(q: string) {
  return useQuery({
    queryKey: qk.users.collaborators(q),
    queryFn: () => listUsers({ role: 'collaborator', active: 'true', q: q || undefined, limit: 20 }),
    placeholderData: (prev) => prev,
  });
}

export function useCreateUser(cb: MutationCallbacks<TUserView, TUserCreateInput> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TUserCreateInput) => http.post<TUserView>('/api/users', body),
    onSuccess: (u, vars) => {
      void qc.invalidateQueries({ queryKey: qk.users.all });
      cb.onSuccess?.(u, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

export interface UserPatchVars {
  id: string;
  patch: TUserPatch;
}

export function useUpdateUser(cb: MutationCallbacks<TUserView, UserPatchVars> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: UserPatchVars) => http.patch<TUserView>(`/api/users/${id}`, patch),
    onSuccess: (u, vars) => {
      void qc.invalidateQueries({ queryKey: qk.users.all });
      cb.onSuccess?.(u, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}
