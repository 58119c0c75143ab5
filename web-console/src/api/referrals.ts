/** Referrals offered to the signed-in partner, and their answers (accept, decline, first contact, complete). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TReferralCard } from '@hotline/core';
import { addNote } from './cases';
import { http, isMissingEndpoint } from './http';
import type { MutationCallbacks } from './mutation';
import { qk } from './query-keys';
import type { Page } from './types';

/** The signed-in partner's referrals (GET /api/referrals answers only their own); null while the endpoint does not exist. */
async function listMine(): Promise<TReferralCard[] | null> {
  try {
    return (await http.get<Page<TReferralCard>>('/api/referrals?limit=100')).items;
  } catch (err) {
    if (isMissingEndpoint(err)) return null;
    throw err;
  }
}

export function useMyReferrals() {
  return useQuery({ queryKey: qk.referrals.mine, queryFn: listMine });
}

export type ReferralAction = 'accept' | 'decline' | 'contacted' | 'complete' | 'follow_up';

/** A follow-up is a note on the case; the other actions answer the referral. `text` is the reason or the note. */
export function useReferralAction(r: Pick<TReferralCard, 'id' | 'caseId'>, cb: MutationCallbacks<unknown, { action: ReferralAction; text: string }> = {}) {
  const qc = useQueryClient();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: qk.referrals.all });
    void qc.invalidateQueries({ queryKey: qk.case.detail(r.caseId) });
  };
  return useMutation({
    mutationFn: async ({ action, text }: { action: ReferralAction; text: string }) => {
      if (action === 'follow_up') return addNote(r.caseId, { kind: 'follow_up', text });
      const body = action === 'decline' ? (text ? { reason: text } : {}) : text ? { note: text } : {};
      return http.post(`/api/referrals/${r.id}/${action}`, body);
    },
    onSuccess: (data, vars) => {
      refresh();
      cb.onSuccess?.(data, vars);
    },
    onError: (e, vars) => {
      void qc.invalidateQueries({ queryKey: qk.referrals.all });
      cb.onError?.(e, vars);
    },
  });
}
