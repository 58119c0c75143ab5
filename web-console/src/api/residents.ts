/** Facility residents: the facility's list, one resident, admission from a referral, and what is recorded on a resident. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TAdmissionDraft, TAdmissionInput, TDischargeInput, TGroupBeds, TResidentDetail, TResidentView, TTracingInput, TVisitMonth } from '@hotline/core';
import { http, qs } from './http';
import type { MutationCallbacks } from './mutation';
import { qk } from './query-keys';

export type ResidentStatus = 'current' | 'discharged' | 'all';
export interface FacilityResidents {
  facilityName: string;
  beds: TGroupBeds[];
  items: TResidentView[];
}
export interface MyFacility {
  id: string;
  name: string;
  beds: TGroupBeds[];
}

/** The facility the signed-in partner user answers for; null for a collaborator or an agency. */
export function useMyFacility(enabled = true) {
  return useQuery({
    queryKey: qk.residents.myFacility,
    queryFn: async () => (await http.get<{ facility: MyFacility | null }>('/api/facilities/mine')).facility,
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useFacilityResidents(facilityId: string | undefined, status: ResidentStatus) {
  return useQuery({
    queryKey: qk.residents.list(facilityId, status),
    queryFn: () => http.get<FacilityResidents>(`/api/facilities/${facilityId}/residents${qs({ status })}`),
    enabled: Boolean(facilityId),
  });
}

export function useResident(id: string | undefined) {
  return useQuery({ queryKey: qk.residents.one(id), queryFn: () => http.get<TResidentDetail>(`/api/residents/${id}`), enabled: Boolean(id) });
}

export function useAdmissionDraft(referralId: string | null) {
  return useQuery({ queryKey: qk.residents.draft(referralId), queryFn: () => http.get<TAdmissionDraft>(`/api/referrals/${referralId}/admission`), enabled: Boolean(referralId) });
}

export function useAdmit(cb: MutationCallbacks<TResidentView, TAdmissionInput> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TAdmissionInput) => http.post<TResidentView>('/api/residents', body),
    onSuccess: (data, vars) => {
      void qc.invalidateQueries({ queryKey: qk.residents.all });
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}

export type ResidentChange =
  | { action: 'notes'; body: { text: string } }
  | { action: 'tracing'; body: TTracingInput }
  | { action: 'reunification'; body: { reunifiedAt: string; note?: string } }
  | { action: 'visits'; body: { month: TVisitMonth; note?: string } }
  | { action: 'discharge'; body: TDischargeInput };

/** Records something on a resident (a care note, a tracing step, the reunification, a visit, the discharge). */
export function useResidentChange(id: string, cb: MutationCallbacks<unknown, ResidentChange> = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: ResidentChange) => http.post(`/api/residents/${id}/${change.action}`, change.body),
    onSuccess: (data, vars) => {
      void qc.invalidateQueries({ queryKey: qk.residents.all });
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}
