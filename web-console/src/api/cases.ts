import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TCaseCard, TCaseListQuery } from '@hotline/core';
import { http, qs } from './http';
import type { CaseDetail, Page } from './types';

export type CaseFilters = Partial<Pick<TCaseListQuery, 'status' | 'category' | 'riskLevel' | 'province' | 'assigned'>>;

export const listCases = (filters: CaseFilters & { cursor?: string | undefined; limit?: number }) =>
  http.get<Page<TCaseCard>>(`/api/cases${qs({ ...filters })}`);

export function useCaseList(filters: CaseFilters, limit = 25) {
  return useInfiniteQuery({
    queryKey: ['cases', 'list', filters, limit],
    queryFn: ({ pageParam }) => listCases({ ...filters, limit, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: ['case', id],
    queryFn: () => http.get<CaseDetail>(`/api/cases/${id}`),
    enabled: Boolean(id),
  });
}
