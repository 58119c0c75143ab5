/**
 * The communes of a province matching what is typed (the API folds diacritics:
 * "ba dinh" finds "Ba Đình"), debounced and kept for an hour. One query for
 * every commune picker, so they share their cache. (The 34 provinces are in
 * @hotline/core and need no request.)
 */
import { useQuery } from '@tanstack/react-query';
import { http, qs } from './http';
import { qk } from './query-keys';
import { useDebounced } from '../lib/use-debounced';

export interface Commune {
  code: string;
  provinceCode: string;
  name: string;
}

export function useCommuneSearch(provinceCode: string | undefined, typed: string) {
  const q = useDebounced(typed.trim(), 250);
  return useQuery({
    queryKey: qk.communes(provinceCode, q),
    queryFn: () => http.get<{ items: Commune[] }>(`/api/geo/provinces/${provinceCode}/communes${qs({ q: q || undefined, limit: 50 })}`),
    enabled: Boolean(provinceCode),
    staleTime: 60 * 60_000,
    placeholderData: (prev) => prev,
  });
}
