/** A facility's beds per group beside its residents per group (pure: the partner view and routing both read it). */
import type { TGroupBeds, TPersonGroup } from '@hotline/core';
import type { PartnerDoc } from './models/partner';

/** Residents per group of one facility. */
export type GroupCounts = ReadonlyMap<TPersonGroup, number>;

/** Beds per group with the residents in them (a group with residents but no beds row still shows). */
export function bedsWithOccupancy(capacity: PartnerDoc['capacity'], counts: GroupCounts | undefined): TGroupBeds[] {
  const rows = (capacity?.beds ?? []).map((b) => ({ group: b.group, beds: b.beds, inUse: counts?.get(b.group) ?? 0 }));
  for (const [group, n] of counts ?? []) if (n > 0 && !rows.some((r) => r.group === group)) rows.push({ group, beds: 0, inUse: n });
  return rows;
}
