/**
 * Who a case is offered to, and why. Pure: the routing worker feeds it the
 * case, the partners of the province and their load, and stores its answer
 * (every candidate considered, ranked or excluded with a reason) on the referral.
 */
import type { TCaseStatus, TCategory, TPersonGroup, TRiskLevel } from './enums';
import { HOTLINE_TIME_ZONE } from './case-reference';
import type { TOnDuty } from './schemas/partner';
import type { TReferralStatus, TRoutingCandidate } from './schemas/referral';

export interface RoutingCase {
  category: TCategory;
  riskLevel: TRiskLevel;
  provinceCode: string;
  communeCode: string | null;
  groups: TPersonGroup[];
}

export interface RoutablePartner {
  id: string;
  name: string;
  kind: 'collaborator' | 'facility' | 'agency';
  categories: readonly string[];
  area: { provinceCode: string; communeCodes: readonly string[] };
  /** Beds per group and the residents in them (from the facility's occupancy document). */
  capacity: { beds: readonly { group: TPersonGroup; beds: number; inUse: number }[] } | null;
  onDuty: TOnDuty | null;
  paused: boolean;
  active: boolean;
}

export interface PartnerLoad {
  openReferrals: number;
  /** Offers answered or expired in the last 90 days, and how many were accepted. */
  decided90: number;
  accepted90: number;
  /** Minutes from offer to answer, last 90 days. */
  responseMinutes: number[];
}

/** Categories where help means a bed: facilities are candidates only with room for the person's group. */
const PLACEMENT_CATEGORIES: readonly TCategory[] = ['abandoned_child', 'elderly_without_support', 'child_labour_trafficking'];

export const needsPlacement = (category: TCategory) => PLACEMENT_CATEGORIES.includes(category);

/** Emergencies are offered to the top two at once (first to accept wins); others one at a time. */
export const offersAtOnce = (riskLevel: TRiskLevel) => (riskLevel === 'emergency' ? 2 : 1);

/** How long one channel's notice waits for an answer before the next channel (or the next partner). */
export const OFFER_WINDOW_MINUTES: Readonly<Record<TRiskLevel, number>> = { emergency: 5, high: 15, medium: 30, low: 60 };

/** Categories that are answered on the phone and never referred. */
export const isReferable = (category: TCategory) => category !== 'information_request';

/**
 * A case that still waits for its first routing round: triaged, referable and
 * never routed. The intake job routes such a case at once; the reconciler
 * re-creates the intake job for one a crash or a Redis loss left behind.
 */
export const awaitsFirstRound = (c: { status: TCaseStatus; routingRound: number; category: TCategory }) =>
  c.status === 'triaged' && c.routingRound === 0 && isReferable(c.category);

/** What the intake job (triage, then the first routing round) still has to do for a case. */
export const intakePending = (c: { status: TCaseStatus; routingRound: number; category: TCategory }) => c.status === 'new' || awaitsFirstRound(c);

function minutesOfDayInVietnam(at: Date): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: HOTLINE_TIME_ZONE, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** On duty at `at` (Vietnam time)? A shift may cross midnight (22:00–06:00). */
export function isOnDuty(onDuty: TOnDuty | null, at: Date): boolean {
  if (!onDuty) return true;
  const { day, minutes } = minutesOfDayInVietnam(at);
  const from = toMinutes(onDuty.from);
  const to = toMinutes(onDuty.to);
  if (from <= to) return onDuty.days.includes(day) && minutes >= from && minutes < to;
  if (minutes >= from) return onDuty.days.includes(day);
  return onDuty.days.includes((day + 6) % 7) && minutes < to;
}

export function acceptanceRate(load: PartnerLoad | undefined): number | null {
  return load && load.decided90 > 0 ? load.accepted90 / load.decided90 : null;
}

export function medianMinutes(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Why a partner cannot take this case now, or null when it can. */
export function exclusionReason(kase: RoutingCase, p: RoutablePartner, at: Date, alreadyOffered: ReadonlySet<string>): string | null {
  if (!p.active) return 'inactive';
  if (p.paused) return 'paused';
  if (alreadyOffered.has(p.id)) return 'already offered this case';
  if (!p.categories.includes(kase.category)) return `does not handle ${kase.category}`;
  if (p.area.provinceCode !== kase.provinceCode) return 'outside the province';
  if (!isOnDuty(p.onDuty, at)) return 'off duty';
  if (p.kind === 'facility' && needsPlacement(kase.category)) {
    if (!p.capacity) return 'no beds recorded';
    const rows = p.capacity.beds;
    const unserved = [...new Set(kase.groups)].filter((g) => !rows.some((r) => r.group === g));
    const needed = new Map<TPersonGroup, number>();
    for (const g of kase.groups) needed.set(g, (needed.get(g) ?? 0) + 1);
    const full = rows.some((r) => (needed.get(r.group) ?? 0) > 0 && r.beds - r.inUse < needed.get(r.group)!);
    if (full || (kase.groups.length === 0 && rows.every((r) => r.inUse >= r.beds))) return 'no free bed';
    if (unserved.length > 0) return `does not take ${unserved.join(', ')}`;
  }
  return null;
}

/**
 * Ranks the partners who can take the case: those covering its commune before
 * those covering only the province, then fewest open referrals, then the best
 * acceptance rate, then the fastest median answer. Every partner considered
 * comes back, ranked or with the reason it was excluded.
 */
export function rankPartners(
  kase: RoutingCase,
  partners: readonly RoutablePartner[],
  loads: ReadonlyMap<string, PartnerLoad>,
  alreadyOffered: ReadonlySet<string>,
  at: Date,
): TRoutingCandidate[] {
  const rows = partners.map((p) => {
    const load = loads.get(p.id);
    const tier = kase.communeCode && p.area.communeCodes.includes(kase.communeCode) ? 0 : 1;
    return {
      partnerId: p.id,
      name: p.name,
      tier,
      openReferrals: load?.openReferrals ?? 0,
      acceptanceRate: acceptanceRate(load),
      medianResponseMinutes: medianMinutes(load?.responseMinutes ?? []),
      rank: null as number | null,
      excluded: exclusionReason(kase, p, at, alreadyOffered),
    };
  });
  const eligible = rows.filter((r) => r.excluded === null);
  eligible.sort(
    (a, b) =>
      a.tier - b.tier ||
      a.openReferrals - b.openReferrals ||
      (b.acceptanceRate ?? 0.5) - (a.acceptanceRate ?? 0.5) ||
      (a.medianResponseMinutes ?? Number.MAX_SAFE_INTEGER) - (b.medianResponseMinutes ?? Number.MAX_SAFE_INTEGER) ||
      a.partnerId.localeCompare(b.partnerId),
  );
  eligible.forEach((r, i) => (r.rank = i + 1));
  return [...eligible, ...rows.filter((r) => r.excluded !== null)];
}

const REFERRAL_TRANSITIONS: Readonly<Record<TReferralStatus, readonly TReferralStatus[]>> = {
  offered: ['accepted', 'declined', 'expired', 'withdrawn', 'cancelled'],
  accepted: ['contacted', 'cancelled'],
  contacted: ['completed', 'cancelled'],
  declined: [],
  expired: [],
  withdrawn: [],
  completed: [],
  cancelled: [],
};

/** The statuses a referral may be in for it to move to `to`. */
export function referralSourcesOf(to: TReferralStatus): TReferralStatus[] {
  return (Object.keys(REFERRAL_TRANSITIONS) as TReferralStatus[]).filter((from) => REFERRAL_TRANSITIONS[from].includes(to));
}
