/** Cases: lists, the one-case view, and what staff change on a case (status, triage, assignee, notes, routing again). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { TCaseCard, TCaseListQuery, TCaseTriagePatch, TConsentOverrideInput, TNoteInput, TStatusChange } from '@hotline/core';
import { http, qs } from './http';
import type { MutationCallbacks } from './mutation';
import { qk } from './query-keys';
import type { CaseDetail, Page } from './types';

export type CaseFilters = Partial<Pick<TCaseListQuery, 'status' | 'category' | 'riskLevel' | 'province' | 'assigned'>>;

const listCases = (filters: CaseFilters & { cursor?: string | undefined; limit?: number }) =>
  http.get<Page<TCaseCard>>(`/api/cases${qs({ ...filters })}`);
const getCase = (id: string) => http.get<CaseDetail>(`/api/cases/${id}`);

export function useCaseList(filters: CaseFilters, limit = 25) {
  return useInfiniteQuery({
    queryKey: qk.cases.list(filters, limit),
    queryFn: ({ pageParam }) => listCases({ ...filters, limit, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The newest cases (the live feed beside the call form). */
export function useLatestCases(limit = 8) {
  return useQuery({ queryKey: qk.cases.latest(limit), queryFn: () => listCases({ limit }) });
}

export function useCase(id: string | undefined) {
  return useQuery({ queryKey: qk.case.detail(id), queryFn: () => getCase(id!), enabled: Boolean(id) });
}

/** New cases of the last `weeks` weeks, read from the newest pages (up to 500 cases). */
export function useRecentCases(weeks: number) {
  return useQuery({
    queryKey: qk.weeklyCases,
    staleTime: 60_000,
    queryFn: async () => {
      const since = Date.now() - weeks * 7 * 86_400_000;
      const items: TCaseCard[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 5; i++) {
        const page = await listCases({ limit: 100, cursor });
        items.push(...page.items);
        const last = page.items[page.items.length - 1];
        if (!page.nextCursor || !last || Date.parse(last.createdAt) < since) break;
        cursor = page.nextCursor;
      }
      return items.filter((c) => Date.parse(c.createdAt) >= since);
    },
  });
}

/** A case and every list it is in changed. */
function caseChanged(qc: QueryClient, caseId: string) {
  void qc.invalidateQueries({ queryKey: qk.case.detail(caseId) });
  void qc.invalidateQueries({ queryKey: qk.cases.all });
}

/** PATCH /api/cases/:id with If-Match: the API refuses (409) an edit made on a version someone else has changed since. */
const patchCase = (id: string, version: number, body: TCaseTriagePatch | { assignedCounsellorId: string | null }) =>
  http.patch<CaseDetail>(`/api/cases/${id}`, body, { 'If-Match': String(version) });

export interface AssignVars {
  caseId: string;
  /** The version the user saw; read from the API first when the screen shows only the case's card. */
  version?: number | undefined;
  to: string | null;
}

/** Takes, hands back or reassigns a case, always with the version it read (If-Match). */
export function useAssignCase(cb: MutationCallbacks<CaseDetail, AssignVars> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ caseId, version, to }: AssignVars) => {
      const v = version ?? (await qc.fetchQuery({ queryKey: qk.case.detail(caseId), queryFn: () => getCase(caseId), staleTime: 0 })).version;
      return patchCase(caseId, v, { assignedCounsellorId: to });
    },
    onSuccess: (data, vars) => {
      caseChanged(qc, vars.caseId);
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

export function useTriageCase(c: { id: string; version: number }, cb: MutationCallbacks<CaseDetail, TCaseTriagePatch> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TCaseTriagePatch) => patchCase(c.id, c.version, body),
    onSuccess: (data, vars) => {
      caseChanged(qc, c.id);
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

export function useChangeStatus(caseId: string, cb: MutationCallbacks<unknown, TStatusChange> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TStatusChange) => http.post(`/api/cases/${caseId}/status`, body),
    onSuccess: (data, vars) => {
      caseChanged(qc, caseId);
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

export const addNote = (caseId: string, body: TNoteInput) => http.post(`/api/cases/${caseId}/notes`, body);

export function useAddNote(caseId: string, cb: MutationCallbacks<unknown, TNoteInput> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TNoteInput) => addNote(caseId, body),
    onSuccess: (data, vars) => {
      void qc.invalidateQueries({ queryKey: qk.case.detail(caseId) });
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

/** Starts a new routing round for a case (POST /api/cases/:id/reroute). */
export function useReroute(cb: MutationCallbacks<unknown, string> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (caseId: string) => http.post(`/api/cases/${caseId}/reroute`),
    onSuccess: (data, caseId) => {
      void qc.invalidateQueries({ queryKey: qk.case.detail(caseId) });
      cb.onSuccess?.(data, caseId);
    },
    onError: (e, caseId) => cb.onError?.(e, caseId),
  });
}

/** A supervisor shares the case with partners without the consent the law asks for, with the reason (POST /api/cases/:id/consent-override). */
export function useOverrideConsent(caseId: string, cb: MutationCallbacks<CaseDetail, TConsentOverrideInput> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TConsentOverrideInput) => http.post<CaseDetail>(`/api/cases/${caseId}/consent-override`, body),
    onSuccess: (data, vars) => {
      caseChanged(qc, caseId);
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}
