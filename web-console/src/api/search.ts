/** The case search (GET /api/search): what a counsellor types to find a case from what a caller remembers. */
import { useQuery } from '@tanstack/react-query';
import type { TCaseSearchAnswer } from '@hotline/core';
import { http, qs } from './http';
import { qk } from './query-keys';

const searchCases = (q: string, limit = 10) => http.get<TCaseSearchAnswer>(`/api/search${qs({ q, limit })}`);

/** Shortest query sent (a single letter matches too much to be useful). */
export const MIN_SEARCH_LENGTH = 2;

/**
 * Results for `q` (already debounced by the caller). Results name no person,
 * but the query may: it lives in memory only, briefly (no persistence, short gc).
 */
export function useCaseSearch(q: string, limit = 10) {
  const query = q.trim();
  return useQuery({
    queryKey: qk.caseSearch(query, limit),
    queryFn: () => searchCases(query, limit),
    enabled: query.length >= MIN_SEARCH_LENGTH,
    staleTime: 10_000,
    gcTime: 30_000,
    retry: false,
  });
}
