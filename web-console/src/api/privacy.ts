/** The register of processing (GET /api/privacy/register): purposes, legal basis per data category, retention. */
import { useQuery } from '@tanstack/react-query';
import type { TProcessingRegister } from '@hotline/core';
import { http } from './http';
import { qk } from './query-keys';

export function useProcessingRegister() {
  return useQuery({ queryKey: qk.privacyRegister, queryFn: () => http.get<TProcessingRegister>('/api/privacy/register'), staleTime: 10 * 60_000 });
}
