/** The audit log (GET /api/audit): who read or changed what; admins all of it, managers their provinces. */
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TAuditEntryView } from '@hotline/core';
import { http, qs } from './http';
import { qk } from './query-keys';
import type { Page } from './types';

export interface AuditFilters {
  user?: string | undefined;
  /** A case id or reference. */
  case?: string | undefined;
  action?: string | undefined;
  /** ISO times. */
  from?: string | undefined;
  to?: string | undefined;
}

const listAudit = (filters: AuditFilters, cursor: string | null) =>
  http.get<Page<TAuditEntryView>>(`/api/audit${qs({ ...filters, cursor: cursor ?? undefined, limit: 50 })}`);

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: qk.audit(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => listAudit(filters, pageParam),
    getNextPageParam: (last) => last.nextCursor,
    retry: false,
  });
}

/** The CSV export of the same filters: a download the browser makes with the session cookie. */
export const auditExportUrl = (filters: AuditFilters) => `/api/audit/export.csv${qs({ ...filters })}`;
