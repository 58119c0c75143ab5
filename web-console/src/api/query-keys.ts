/**
 * Every react-query key the console uses, in one table. The `use-*` hooks of
 * src/api read with them, mutations and the socket handlers (src/realtime)
 * invalidate with them; a key's first element is its resource, so
 * invalidating `qk.cases.all` refreshes every list of cases at once.
 */
import type { CaseFilters } from './cases';
import type { UserFilters } from './users';
import type { AuditFilters } from './audit';
import type { ReportParams } from './reports';

export const qk = {
  me: ['me'] as const,
  cases: {
    /** Every list of cases (filtered lists, the live feed). */
    all: ['cases'] as const,
    list: (filters: CaseFilters, limit: number) => ['cases', 'list', filters, limit] as const,
    latest: (limit: number) => ['cases', 'latest', limit] as const,
  },
  case: {
    /** Every one-case view. */
    all: ['case'] as const,
    detail: (id: string | undefined) => ['case', id] as const,
  },
  /** New cases per week (the dashboard chart): refreshed when a case is opened, not on every change. */
  weeklyCases: ['weekly'] as const,
  queueSummary: ['queue-summary'] as const,
  callerLookup: (phone: string) => ['caller-lookup', phone] as const,
  sla: {
    /** Breaches and the SLA overview: refetched on every sla.* event. */
    all: ['sla'] as const,
    breaches: ['sla', 'breaches'] as const,
    overview: ['sla', 'overview'] as const,
  },
  slaPolicies: ['sla-policies'] as const,
  /** The inbound line: one's status, a province's live queue and callback list (voice.* events refresh them). */
  voice: {
    all: ['voice'] as const,
    status: ['voice', 'status'] as const,
    queue: (province: string) => ['voice', 'queue', province] as const,
    callbacks: (province: string) => ['voice', 'callbacks', province] as const,
  },
  referrals: {
    all: ['referrals'] as const,
    mine: ['referrals', 'mine'] as const,
  },
  users: {
    all: ['users'] as const,
    list: (filters: UserFilters) => ['users', 'list', filters] as const,
    one: (id: string | null) => ['users', 'one', id] as const,
    staff: (provinceCode: string) => ['users', 'staff', provinceCode] as const,
    collaborators: (q: string) => ['users', 'collaborators', q] as const,
  },
  partners: {
    all: ['partners'] as const,
    /** Every partner the admin can see, all pages. */
    everyPage: ['partners', 'every-page'] as const,
  },
  communes: (provinceCode: string | undefined, q: string) => ['communes', provinceCode, q] as const,
  /** The header's case search. */
  caseSearch: (q: string, limit: number) => ['case-search', q, limit] as const,
  openApi: ['openapi'] as const,
  /** Reports: refreshed by their filters only. */
  reports: { summary: (p: ReportParams) => ['reports', 'summary', p] as const },
  residents: {
    /** Every residents query (lists, one resident, the prefill, the user's facility). */
    all: ['residents'] as const,
    myFacility: ['residents', 'my-facility'] as const,
    list: (facilityId: string | undefined, status: string) => ['residents', 'list', facilityId, status] as const,
    one: (id: string | undefined) => ['residents', 'one', id] as const,
    draft: (referralId: string | null) => ['residents', 'draft', referralId] as const,
  },
  /** The audit viewer: never refreshed by events, only by its filters. */
  audit: (filters: AuditFilters) => ['audit', filters] as const,
  privacyRegister: ['privacy-register'] as const,
};
