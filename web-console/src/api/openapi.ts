/** The API's own OpenAPI document (the admin page lists its endpoints). */
import { useQuery } from '@tanstack/react-query';
import { http } from './http';
import { qk } from './query-keys';

export interface OpenApiDoc {
  paths?: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
}

export function useOpenApi() {
  return useQuery({ queryKey: qk.openApi, queryFn: () => http.get<OpenApiDoc>('/api/openapi.json'), staleTime: 10 * 60_000 });
}
