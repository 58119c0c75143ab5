/** Documents → the API's views (core schemas). The one place that decides what leaves the database. */
import {
  provinceByCode, type TCallCard, type TCallView, type TCaseCard, type TCaseView, type TPartnerView, type TReferralCard, type TReferralView, type TTimelineEvent,
} from '@hotline/core';
import type { PartnerDoc } from './models/partner';
import { bedsWithOccupancy, type GroupCounts } from './occupancy-beds';
import type { ReferralDoc } from './models/referral';
import type { CallDoc } from './models/call';
import type { CaseDoc, OutboxEntry } from './models/case';
import type { TimelineEventDoc } from './models/timeline-event';
import { decryptField } from './phone-protection';

const iso = (d: Date) => new Date(d).toISOString();

export function toCaseCard(c: CaseDoc): TCaseCard {
  return {
    id: c._id.toHexString(),
    reference: c.reference,
    status: c.status,
    category: c.category,
    riskLevel: c.riskLevel,
    provinceCode: c.location.provinceCode,
    communeCode: c.location.communeCode ?? null,
    assignedCounsellorId: c.assignedCounsellorId ? c.assignedCounsellorId.toHexString() : null,
    subjectCount: c.subjects.length,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

export function toTimelineEvent(e: TimelineEventDoc | (OutboxEntry & { caseId: CaseDoc['_id'] })): TTimelineEvent {
  const id = 'eventId' in e ? e.eventId : e._id;
  return { id, caseId: e.caseId.toHexString(), type: e.type, actor: e.actor, at: iso(e.at), data: e.data ?? {} };
}

export function toCaseView(c: CaseDoc, communeName: string | null, timeline?: TTimelineEvent[], referrals?: TReferralView[]): TCaseView {
  return {
    ...toCaseCard(c),
    subCategories: c.subCategories,
    subjects: c.subjects.map((s) => ({
      ...(s.name ? { name: s.name } : {}),
      ...(s.ageYears !== null && s.ageYears !== undefined ? { ageYears: s.ageYears } : {}),
      gender: s.gender,
      group: s.group,
      ...(typeof s.ownConsent === 'boolean' ? { ownConsent: s.ownConsent } : {}),
    })),
    location: {
      provinceCode: c.location.provinceCode,
      provinceName: provinceByCode(c.location.provinceCode)?.name ?? null,
      communeCode: c.location.communeCode ?? null,
      communeName,
      address: c.location.address ?? null,
    },
    summary: c.summary,
    consent: c.consent ? { given: c.consent.given, method: c.consent.method as 'verbal', ...(c.consent.notes ? { notes: c.consent.notes } : {}) } : null,
    consentOverride: c.consentOverride
      ? { byId: c.consentOverride.byId.toHexString(), byName: c.consentOverride.byName, reason: c.consentOverride.reason, at: iso(c.consentOverride.at) }
      : null,
    createdBy: c.createdBy ? c.createdBy.toHexString() : null,
    callIds: c.callIds.map((id) => id.toHexString()),
    version: c.version,
    routingState: c.routingState ?? 'none',
    routingRound: c.routingRound ?? 0,
    ...(timeline ? { timeline } : {}),
    ...(referrals ? { referrals } : {}),
  };
}

export function toCallView(c: CallDoc): TCallView {
  return {
    id: c._id.toHexString(),
    channel: c.channel,
    startedAt: iso(c.startedAt),
    durationSeconds: c.durationSeconds ?? null,
    counsellorId: c.counsellorId.toHexString(),
    provinceCode: c.provinceCode ?? null,
    caller: {
      phone: c.caller.phoneSealed ? decryptField(c.caller.phoneSealed) : null,
      phoneMasked: c.caller.phoneMasked ?? null,
      name: c.caller.name ?? null,
      relationship: c.caller.relationship,
    },
    outcome: c.outcome,
    caseId: c.caseId ? c.caseId.toHexString() : null,
    notes: c.notes ?? null,
    createdAt: iso(c.createdAt),
  };
}

export function toCallCard(c: CallDoc, repeatCaller: boolean): TCallCard {
  const { caller, notes: _notes, ...rest } = toCallView(c);
  return { ...rest, callerPhoneMasked: caller.phoneMasked, repeatCaller };
}

/** `occupancy`: residents per group (repositories/facility-occupancy.ts `occupancyOf`); none counts zero in use. */
export function toPartnerView(p: PartnerDoc, occupancy?: GroupCounts): TPartnerView {
  const beds = p.capacity ? bedsWithOccupancy(p.capacity, occupancy) : [];
  return {
    id: p._id.toHexString(),
    name: p.name,
    kind: p.kind,
    type: p.type,
    phones: p.phones,
    categories: p.categories as TPartnerView['categories'],
    area: { provinceCode: p.area.provinceCode, communeCodes: p.area.communeCodes },
    capacity: p.capacity
      ? { beds, bedsTotal: beds.reduce((n, b) => n + b.beds, 0), bedsInUse: beds.reduce((n, b) => n + b.inUse, 0), groups: beds.map((b) => b.group) }
      : null,
    onDuty: p.onDuty ?? null,
    paused: p.paused,
    channels: p.channels,
    userId: p.userId ? p.userId.toHexString() : null,
    active: p.active,
  };
}

export function toReferralView(r: ReferralDoc, c: Pick<CaseDoc, 'reference' | 'category' | 'riskLevel' | 'location'>, partnerName: string): TReferralView {
  const d = (x: Date | null) => (x ? iso(x) : null);
  return {
    id: r._id.toHexString(),
    caseId: r.caseId.toHexString(),
    caseReference: c.reference,
    category: c.category,
    riskLevel: c.riskLevel,
    communeCode: c.location.communeCode ?? null,
    partnerId: r.partnerId.toHexString(),
    partnerName,
    round: r.round,
    status: r.status,
    code: r.code,
    channelStep: r.channelStep,
    channels: r.channels,
    offeredAt: iso(r.offeredAt),
    answeredAt: d(r.answeredAt),
    answeredVia: r.answeredVia ?? null,
    contactedAt: d(r.contactedAt),
    completedAt: d(r.completedAt),
    reason: r.reason ?? null,
  };
}

export function toReferralCard(view: TReferralView): TReferralCard {
  const { code: _code, ...card } = view;
  return card;
}

export function toDeadlineView(d: import('./models/deadline').DeadlineDoc): import('@hotline/core').TDeadlineView {
  return {
    id: d._id.toHexString(),
    caseId: d.caseId.toHexString(),
    referralId: d.referralId ? d.referralId.toHexString() : null,
    key: d.key,
    kind: d.kind,
    clock: d.clock,
    startsAt: iso(d.startsAt),
    dueAt: iso(d.dueAt),
    state: d.state,
    escalationLevel: d.escalationLevel,
    remindersSent: d.remindersSent,
    metAt: d.metAt ? iso(d.metAt) : null,
    breachedAt: d.breachedAt ? iso(d.breachedAt) : null,
  };
}
