/** Why routing chose (or passed over) a partner: one candidate line of a routing decision. */
import { useTranslation } from 'react-i18next';
import type { TRoutingCandidate } from '@hotline/core';

export function useCandidateReasons() {
  const { t } = useTranslation();
  return (c: TRoutingCandidate | undefined): string[] => {
    if (!c) return [];
    if (c.excluded) return [t(`routing.excluded.${c.excluded}`, c.excluded)];
    const out: string[] = [];
    if (c.rank !== null) out.push(t('routing.rank', { n: c.rank }));
    if (c.tier !== null) out.push(c.tier === 0 ? t('routing.tierCommune') : t('routing.tierProvince'));
    if (c.openReferrals !== null) out.push(t('routing.open', { count: c.openReferrals }));
    if (c.acceptanceRate !== null) out.push(t('routing.acceptance', { pct: Math.round(c.acceptanceRate * 100) }));
    if (c.medianResponseMinutes !== null) out.push(t('routing.median', { n: Math.round(c.medianResponseMinutes) }));
    return out;
  };
}

export function CandidateReasons({ candidate }: { candidate: TRoutingCandidate | undefined }) {
  const reasons = useCandidateReasons()(candidate);
  if (reasons.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="plain-list reasons">
      {reasons.map((x) => (
        <li key={x}>{x}</li>
      ))}
    </ul>
  );
}
