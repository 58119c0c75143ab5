/**
 * The figure keys of a daily rollup's counts (`c`): one place that writes
 * them and reads them back. Parts are codes and ids, never `~` or `.`.
 */
import type { TCallOutcome, TCategory, TDeadlineKind, TPersonGroup, TRiskLevel } from '@hotline/core';

const NONE = '-';
const part = (v: string | null | undefined) => v ?? NONE;
export const fromPart = (v: string | undefined): string | null => (v === undefined || v === NONE ? null : v);

export interface CaseDims { category: TCategory; riskLevel: TRiskLevel; communeCode: string | null; group: TPersonGroup | null }

export const callKey = (channel: string, outcome: TCallOutcome) => `call~${channel}~${outcome}`;
export const repeatKey = (channel: string) => `rep~${channel}`;
export const caseKey = (what: 'open' | 'close', d: CaseDims) => `${what}~${d.category}~${d.riskLevel}~${part(d.communeCode)}~${part(d.group)}`;
export const REFERRAL_OUTCOMES = ['offered', 'accepted', 'declined', 'expired'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];
export const referralKey = (category: TCategory, partnerKind: string, partnerId: string, outcome: ReferralOutcome) => `ref~${category}~${partnerKind}~${partnerId}~${outcome}`;
export const slaKey = (kind: TDeadlineKind, category: TCategory, riskLevel: TRiskLevel, outcome: 'met' | 'breached') => `sla~${kind}~${category}~${riskLevel}~${outcome}`;

/** Upper bounds (minutes) of the time-to-accept / time-to-first-contact buckets; the last is open. */
export const MINUTE_BUCKETS = [1, 2, 5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 7200, 10080, 20160] as const;
export const bucketOf = (minutes: number): number => {
  const i = MINUTE_BUCKETS.findIndex((b) => minutes <= b);
  return i === -1 ? MINUTE_BUCKETS.length : i;
};
export const durationKey = (what: 'tta' | 'ttc', category: TCategory, minutes: number) => `${what}~${category}~${bucketOf(Math.max(0, minutes))}`;

/**
 * The median estimated from bucket counts (index → count): linear within the
 * bucket that holds the middle value; the open last bucket answers its lower bound.
 */
export function medianFromBuckets(counts: Map<number, number>): number | null {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = total / 2;
  let seen = 0;
  for (let i = 0; i <= MINUTE_BUCKETS.length; i++) {
    const n = counts.get(i) ?? 0;
    if (n > 0 && seen + n >= half) {
      const lo = i === 0 ? 0 : MINUTE_BUCKETS[i - 1]!;
      if (i === MINUTE_BUCKETS.length) return lo;
      const hi = MINUTE_BUCKETS[i]!;
      return Math.round((lo + ((half - seen) / n) * (hi - lo)) * 10) / 10;
    }
    seen += n;
  }
  return null;
}
