/**
 * What a partner (a collaborator's console) sees of a case it holds. The one
 * place that decides it: the API applies it to every case view a partner gets.
 *
 * Always: only the partner's own referrals and their deadlines (plus the
 * case's own deadlines), never the routing decisions nor other partners'
 * referral events.
 *
 * Without the caller's consent (`consent.given` not true), or for a child
 * aged 7 or more without the child's own consent (`needsOwnConsent`), and
 * unless a supervisor overrode that with a recorded reason, a case may still be
 * referred (child protection), but the partner gets only what it needs to act:
 * reference, category, risk, place (province and commune), status, its
 * referrals and deadlines. Subjects keep age, gender and group (placement
 * depends on them) but lose their names; the summary, the address, the calls
 * and the timeline (staff notes, reasons) are left out, except the partner's
 * own referral events and notes.
 */
import type { TCaseView, TTimelineEvent } from './schemas/case';

export interface TPartnerReader {
  partnerId: string;
  /** The partner's console user: its own notes stay on its view. */
  userId: string;
}

/** From this age a child's own consent to sharing is asked as well as the caller's (the children's-data rule of Decree 13/2023 and Law 91/2025). */
export const CHILD_OWN_CONSENT_AGE = 7;

/** A child aged 7 or more whose own consent is needed. */
export const needsOwnConsent = (s: Pick<TCaseView['subjects'][number], 'group' | 'ageYears'>): boolean =>
  s.group === 'child' && s.ageYears !== undefined && s.ageYears >= CHILD_OWN_CONSENT_AGE;

/** Consent the law asks for is recorded: the caller's, and each child's from 7 of their own. */
export const consentComplete = (view: Pick<TCaseView, 'consent' | 'subjects'>): boolean =>
  view.consent?.given === true && view.subjects.every((s) => !needsOwnConsent(s) || s.ownConsent === true);

/** The case may be shared with partners in full: consent is complete, or a supervisor overrode its absence with a recorded reason. */
export const sharingConsented = (view: Pick<TCaseView, 'consent' | 'subjects' | 'consentOverride'>): boolean =>
  Boolean(view.consentOverride) || consentComplete(view);

const aboutOtherPartner = (e: TTimelineEvent, partnerId: string) => typeof e.data.partnerId === 'string' && e.data.partnerId !== partnerId;
const ownEvent = (e: TTimelineEvent, reader: TPartnerReader) =>
  e.data.partnerId === reader.partnerId || (e.actor.kind === 'user' && e.actor.id === reader.userId) || (e.actor.kind === 'partner' && e.actor.id === reader.partnerId);

export function partnerCaseView(view: TCaseView, reader: TPartnerReader): TCaseView {
  // Who overrode consent and why is for staff; the partner sees the names the override shares.
  const { routingDecisions: _staffOnly, consentOverride: _why, ...rest } = view;
  const referrals = view.referrals?.filter((r) => r.partnerId === reader.partnerId);
  const own = new Set((referrals ?? []).map((r) => r.id));
  const out: TCaseView = {
    ...rest,
    ...(referrals ? { referrals } : {}),
    ...(view.deadlines ? { deadlines: view.deadlines.filter((d) => d.referralId === null || own.has(d.referralId)) } : {}),
    ...(view.timeline ? { timeline: view.timeline.filter((e) => !aboutOtherPartner(e, reader.partnerId)) } : {}),
  };
  if (sharingConsented(view)) return out;
  return {
    ...out,
    subjects: view.subjects.map(({ name: _name, ownConsent: _own, ...s }) => s),
    summary: '',
    location: { ...view.location, address: null },
    consent: view.consent ? { given: view.consent.given, method: view.consent.method } : null,
    createdBy: null,
    callIds: [],
    ...(out.timeline ? { timeline: out.timeline.filter((e) => ownEvent(e, reader)) } : {}),
    detailsWithheld: true,
  };
}
