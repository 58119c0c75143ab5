/** The open-case queue by province × category × risk × status (kept live by the `queue.summary` event). */
import { useQuery } from '@tanstack/react-query';
import type { TQueueSummary } from '@hotline/core';
import { http } from './http';
import { qk } from './query-keys';

export function useQueueSummary() {
  return useQuery({ queryKey: qk.queueSummary, queryFn: () => http.get<TQueueSummary>('/api/queues/summary') });
}
