/**
 * Residents of facilities. Access is decided here, in every call: a facility's
 * own users (a collaborator account whose partner is the facility) and the
 * staff of the facility's province; everyone else gets "not found".
 */
import { Types } from 'mongoose';
import {
  DomainError, fieldError, PROVINCE_CODES, seesProvince, sharingConsented,
  type TActor, type TAdmissionInput, type TDischargeInput, type TDischargeReason, type TResidentDetail, type TResidentView, type TSessionUser, type TTracingInput, type TVisitMonth,
} from '@hotline/core';
import { ResidentEventModel, ResidentModel, visitsOpenOf, type ResidentDoc, type ResidentEventDoc, type ResidentVisit } from '../models/resident';
import { CaseModel, type CaseDoc } from '../models/case';
import { ReferralModel } from '../models/referral';
import { PartnerModel, type PartnerDoc } from '../models/partner';
import { addOccupant, occupancyOf, removeOccupant } from './facility-occupancy';
import { isDuplicateKey } from './calls';
import { partnerNames } from './partners';

export type ResidentUser = Pick<TSessionUser, 'id' | 'role' | 'name' | 'provinces' | 'allProvinces' | 'partnerId'>;
type Access = 'facility' | 'staff' | null;

const oid = (id: string | Types.ObjectId) => (typeof id === 'string' ? new Types.ObjectId(id) : id);
const actorOf = (u: ResidentUser): TActor => ({ kind: 'user', id: u.id, role: u.role, name: u.name });
/** Staff who may change a resident's record beside the facility's own users. */
const STAFF_WRITERS: readonly string[] = ['supervisor', 'manager', 'admin'];

function accessTo(user: ResidentUser, facility: { facilityId: Types.ObjectId; provinceCode: string }): Access {
  if (user.role === 'collaborator') return user.partnerId !== null && user.partnerId === facility.facilityId.toHexString() ? 'facility' : null;
  return seesProvince(user, facility.provinceCode) ? 'staff' : null;
}

async function readable(user: ResidentUser, id: string): Promise<{ r: ResidentDoc; access: Exclude<Access, null> }> {
  const r = Types.ObjectId.isValid(id) ? await ResidentModel.findById(id).lean<ResidentDoc>() : null;
  const access = r ? accessTo(user, r) : null;
  if (!r || !access) throw new DomainError('not_found', 'No such resident');
  return { r, access };
}

async function writable(user: ResidentUser, id: string): Promise<ResidentDoc> {
  const { r, access } = await readable(user, id);
  if (access === 'staff' && !STAFF_WRITERS.includes(user.role)) throw new DomainError('forbidden', "Only the facility's users and the province's supervisors and managers change a resident's record");
  return r;
}

async function event(residentId: Types.ObjectId, eventId: string, type: ResidentEventDoc['type'], actor: TActor, at: Date, data: Record<string, unknown>): Promise<void> {
  try {
    await ResidentEventModel.create({ _id: eventId, residentId, type, actor, at, data });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** A facility the user may list the residents of, or not_found. */
async function facilityFor(user: ResidentUser, facilityId: string): Promise<PartnerDoc> {
  const p = Types.ObjectId.isValid(facilityId) ? await PartnerModel.findById(facilityId).lean<PartnerDoc>() : null;
  if (!p || p.kind !== 'facility' || !accessTo(user, { facilityId: p._id, provinceCode: p.provinceCode })) throw new DomainError('not_found', 'No such facility');
  return p;
}

export async function toResidentViews(rows: readonly ResidentDoc[]): Promise<TResidentView[]> {
  const names = await partnerNames([...new Set(rows.map((r) => r.facilityId.toHexString()))].map((id) => new Types.ObjectId(id)));
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return rows.map((r) => ({
    id: r._id.toHexString(),
    facilityId: r.facilityId.toHexString(),
    facilityName: names.get(r.facilityId.toHexString()) ?? '',
    provinceCode: r.provinceCode,
    caseId: r.caseId.toHexString(),
    caseReference: r.caseReference,
    referralId: r.referralId.toHexString(),
    name: r.name,
    ageYears: r.ageYears,
    gender: r.gender,
    group: r.group,
    admittedAt: new Date(r.admittedAt).toISOString(),
    legalBasis: r.legalBasis,
    decisionNumber: r.decisionNumber,
    bed: r.bed,
    current: r.current,
    dischargedAt: iso(r.dischargedAt),
    dischargeReason: r.dischargeReason,
    reunifiedAt: iso(r.reunifiedAt),
    visits: r.visits.map((v) => ({ month: v.month, dueAt: new Date(v.dueAt).toISOString(), doneAt: iso(v.doneAt), deadlineId: v.deadlineId ? String(v.deadlineId) : null })),
  }));
}

/** The case's names reach the facility only as far as consent allows (as on the partner's case view). */
const namesShared = (kase: CaseDoc): boolean =>
  sharingConsented({
    consent: kase.consent,
    consentOverride: kase.consentOverride ?? null,
    subjects: kase.subjects.map((s) => ({ group: s.group, ageYears: s.ageYears ?? undefined, ownConsent: s.ownConsent ?? undefined })),
  } as unknown as Parameters<typeof sharingConsented>[0]);

/** What admitting a referral's people would record (the console's prefill); only the referral's own facility. */
export async function admissionDraft(user: ResidentUser, referralId: string) {
  const { referral, kase } = await ownFacilityReferral(user, referralId);
  const existing = await ResidentModel.find({ caseId: kase._id }, { admissionKey: 1 }).lean();
  const keys = new Map(existing.map((r) => [r.admissionKey, r._id.toHexString()]));
  const shared = namesShared(kase);
  return {
    referralId: referral._id.toHexString(),
    caseReference: kase.reference,
    subjects: kase.subjects.map((s, index) => ({
      index, name: shared ? s.name : null, ageYears: s.ageYears, gender: s.gender, group: s.group, residentId: keys.get(`${referral._id.toHexString()}:${index}`) ?? null,
    })),
  };
}

async function ownFacilityReferral(user: ResidentUser, referralId: string) {
  const referral = Types.ObjectId.isValid(referralId) ? await ReferralModel.findById(referralId).lean() : null;
  if (!referral) throw fieldError('referralId', 'is not a referral');
  if (user.role !== 'collaborator' || user.partnerId !== referral.partnerId.toHexString()) {
    throw new DomainError('forbidden', 'Only the facility this case was referred to admits the person');
  }
  const [kase, facility] = await Promise.all([CaseModel.findById(referral.caseId).lean(), PartnerModel.findById(referral.partnerId).lean<PartnerDoc>()]);
  if (!kase || !facility) throw fieldError('referralId', 'is not a referral');
  if (facility.kind !== 'facility') throw new DomainError('forbidden', 'Only a facility admits residents');
  return { referral, kase, facility };
}

/**
 * Admits a person of the referral's case into the facility. Idempotent per
 * (referral, person): admitting again answers the stored resident (`created`
 * false). The referral must have been accepted; the facility must take the
 * group and have a free bed for it.
 */
export async function admitResident(user: ResidentUser, input: TAdmissionInput): Promise<{ resident: ResidentDoc; created: boolean }> {
  const { referral, kase, facility } = await ownFacilityReferral(user, input.referralId);
  const admissionKey = `${referral._id.toHexString()}:${input.subjectIndex}`;
  const existing = await ResidentModel.findOne({ admissionKey }).lean<ResidentDoc>();
  if (existing) {
    // A retry after a crash between the two writes still takes the bed.
    if (existing.current) await addOccupant(existing.facilityId, existing.group, existing._id);
    return { resident: existing, created: false };
  }
  if (!['accepted', 'contacted', 'completed'].includes(referral.status)) throw new DomainError('conflict', 'The referral must be accepted before admission', [{ path: 'referralId', message: 'is not accepted' }]);
  const subject = kase.subjects[input.subjectIndex];
  if (!subject) throw fieldError('subjectIndex', 'is not a person of the case');
  const group = input.group ?? subject.group;
  const row = facility.capacity?.beds.find((b) => b.group === group);
  if (!row) throw fieldError('group', 'is not a group this facility takes in');
  const inUse = (await occupancyOf([facility._id])).get(facility._id.toHexString())?.get(group) ?? 0;
  if (inUse >= row.beds) throw new DomainError('conflict', 'No free bed for this group', [{ path: 'group', message: 'has no free bed' }]);
  const now = new Date();
  const doc: ResidentDoc = {
    _id: new Types.ObjectId(),
    admissionKey,
    facilityId: facility._id,
    provinceCode: facility.provinceCode,
    caseId: kase._id,
    caseReference: kase.reference,
    referralId: referral._id,
    subjectIndex: input.subjectIndex,
    name: input.name || (namesShared(kase) ? subject.name : null),
    ageYears: subject.ageYears,
    gender: subject.gender,
    group,
    admittedAt: input.admittedAt ? new Date(input.admittedAt) : now,
    legalBasis: input.legalBasis,
    decisionNumber: input.decisionNumber || null,
    bed: input.bed || null,
    current: true,
    dischargedAt: null,
    dischargeReason: null,
    reunifiedAt: null,
    visits: [],
    visitsOpen: false,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ResidentModel.collection.insertOne(doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const raced = await ResidentModel.findOne({ admissionKey }).lean<ResidentDoc>();
    if (!raced) throw err;
    return { resident: raced, created: false };
  }
  await addOccupant(doc.facilityId, doc.group, doc._id);
  await event(doc._id, `admitted-${doc._id.toHexString()}`, 'admitted', actorOf(user), doc.admittedAt, { group, bed: doc.bed, caseReference: doc.caseReference });
  return { resident: doc, created: true };
}

export async function listFacilityResidents(user: ResidentUser, facilityId: string, status: 'current' | 'discharged' | 'all'): Promise<{ facility: PartnerDoc; items: ResidentDoc[] }> {
  const facility = await facilityFor(user, facilityId);
  const read = (current: boolean) => ResidentModel.find({ facilityId: facility._id, current }).lean<ResidentDoc[]>();
  const rows = status === 'all' ? (await Promise.all([read(true), read(false)])).flat() : await read(status === 'current');
  rows.sort((a, b) => new Date(b.admittedAt).getTime() - new Date(a.admittedAt).getTime() || b._id.toHexString().localeCompare(a._id.toHexString()));
  return { facility, items: rows };
}

export async function residentDetail(user: ResidentUser, id: string): Promise<TResidentDetail> {
  const { r } = await readable(user, id);
  const events = await ResidentEventModel.find({ residentId: r._id }).sort({ at: 1 }).lean<ResidentEventDoc[]>();
  const [view] = await toResidentViews([r]);
  return {
    ...view!,
    timeline: events
      .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || a._id.localeCompare(b._id))
      .map((e) => ({ id: e._id, type: e.type, at: new Date(e.at).toISOString(), actorName: e.actor.kind === 'user' ? (e.actor.name ?? null) : null, data: e.data })),
  };
}

export async function addCareNote(user: ResidentUser, id: string, text: string): Promise<void> {
  const r = await writable(user, id);
  await event(r._id, `note-${new Types.ObjectId().toHexString()}`, 'care_note', actorOf(user), new Date(), { text });
}

export async function recordTracingStep(user: ResidentUser, id: string, input: TTracingInput): Promise<void> {
  const r = await writable(user, id);
  await event(r._id, `tracing-${new Types.ObjectId().toHexString()}`, 'tracing', actorOf(user), input.at ? new Date(input.at) : new Date(), { step: input.step, ...(input.note ? { note: input.note } : {}) });
}

/** Applies `set` if the resident is still at the version read; re-reads and retries (a few times) when someone wrote first. */
async function updateResident(start: ResidentDoc, change: (r: ResidentDoc) => Partial<ResidentDoc> | null): Promise<ResidentDoc> {
  let r = start;
  for (let i = 0; i < 5; i++) {
    const set = change(r);
    if (!set) return r;
    const updated = await ResidentModel.findOneAndUpdate({ _id: r._id, version: r.version }, { $set: { ...set, updatedAt: new Date() }, $inc: { version: 1 } }, { new: true }).lean<ResidentDoc>();
    if (updated) return updated;
    const fresh = await ResidentModel.findById(r._id).lean<ResidentDoc>();
    if (!fresh) throw new DomainError('not_found', 'No such resident');
    r = fresh;
  }
  throw new DomainError('conflict', 'The resident changed while saving; try again');
}

/**
 * Records the reunification date and the follow-up visits planned from it
 * (`plan(reunifiedAt)` gives each visit's due time and its deadline id). Once
 * recorded it stays: the same date again answers the stored record.
 */
export async function recordReunification(
  user: ResidentUser, id: string, reunifiedAt: Date, note: string | undefined, plan: (at: Date) => ResidentVisit[],
): Promise<ResidentDoc> {
  const start = await writable(user, id);
  if (start.reunifiedAt && new Date(start.reunifiedAt).getTime() !== reunifiedAt.getTime()) {
    throw new DomainError('conflict', 'Reunification is already recorded', [{ path: 'reunifiedAt', message: 'is already recorded' }]);
  }
  if (reunifiedAt.getTime() < new Date(start.admittedAt).getTime()) throw fieldError('reunifiedAt', 'must not be before admission');
  const r = await updateResident(start, (cur) => {
    if (cur.reunifiedAt) return null;
    const visits = plan(reunifiedAt);
    return { reunifiedAt, visits, visitsOpen: visitsOpenOf(visits) };
  });
  await event(r._id, `reunified-${r._id.toHexString()}`, 'reunified', actorOf(user), reunifiedAt, note ? { note } : {});
  return r;
}

/** Marks a follow-up visit done (idempotent); answers the visit, whose deadline the caller closes. */
export async function recordVisit(user: ResidentUser, id: string, month: TVisitMonth, at: Date, note: string | undefined): Promise<{ resident: ResidentDoc; visit: ResidentVisit }> {
  const start = await writable(user, id);
  if (!start.reunifiedAt) throw new DomainError('conflict', 'Record the reunification first', [{ path: 'month', message: 'no reunification recorded' }]);
  if (!start.visits.some((v) => v.month === month)) throw fieldError('month', 'is not a planned visit');
  const r = await updateResident(start, (cur) => {
    const visits = cur.visits.map((v) => (v.month === month && !v.doneAt ? { ...v, doneAt: at } : v));
    return visits.some((v, i) => v !== cur.visits[i]) ? { visits, visitsOpen: visitsOpenOf(visits) } : null;
  });
  const visit = r.visits.find((v) => v.month === month)!;
  await event(r._id, `visit-${r._id.toHexString()}-m${month}`, 'visit_done', actorOf(user), new Date(visit.doneAt ?? at), { month, ...(note ? { note } : {}) });
  return { resident: r, visit };
}

/** Discharges the resident (frees the bed); discharging again with the same reason answers the stored record. */
export async function dischargeResident(user: ResidentUser, id: string, input: TDischargeInput): Promise<ResidentDoc> {
  const start = await writable(user, id);
  if (!start.current && start.dischargeReason !== input.reason) {
    throw new DomainError('conflict', 'The resident was already discharged', [{ path: 'reason', message: `already discharged (${start.dischargeReason})` }]);
  }
  const at = input.at ? new Date(input.at) : new Date();
  if (start.current && at.getTime() < new Date(start.admittedAt).getTime()) throw fieldError('at', 'must not be before admission');
  const r = await updateResident(start, (cur) => (cur.current ? { current: false, dischargedAt: at, dischargeReason: input.reason } : null));
  await removeOccupant(r.facilityId, r.group, r._id);
  await event(r._id, `discharged-${r._id.toHexString()}`, 'discharged', actorOf(user), new Date(r.dischargedAt ?? at), { reason: r.dischargeReason, ...(input.note ? { note: input.note } : {}) });
  return r;
}

/** Residents with a follow-up visit still to do (the reconciler checks their deadlines exist). */
export async function residentsWithOpenVisits(): Promise<ResidentDoc[]> {
  return ResidentModel.find({ visitsOpen: true }).lean<ResidentDoc[]>();
}

/** A resident by id for the workers (no user: the SLA machinery). */
export async function findResidentById(id: string | Types.ObjectId): Promise<ResidentDoc | null> {
  return ResidentModel.findById(oid(id)).lean<ResidentDoc>();
}

export interface ResidentFigureRow {
  facilityId: string;
  facilityName: string;
  provinceCode: string;
  group: string;
  /** Admitted within the period. */
  admitted: number;
  /** Discharged within the period, by reason. */
  discharged: Record<TDischargeReason, number>;
  /** Reunified with family within the period. */
  reunified: number;
  /** Present at any time in the period (admitted before its end, not discharged before its start). */
  caredFor: number;
  /** Residents now (whatever the period). */
  current: number;
}

/**
 * Resident figures per facility × group for [from, to), for the Reports page.
 * `scope`: the staff user's provinces (null = all). Reads each province's
 * residents by (provinceCode, current) equality.
 */
export async function residentFiguresForReport(scope: readonly string[] | null, period: { from: Date; to: Date }): Promise<ResidentFigureRow[]> {
  const provinces = scope ?? PROVINCE_CODES;
  const rows = (
    await Promise.all(provinces.flatMap((provinceCode) => [true, false].map((current) => ResidentModel.find({ provinceCode, current }).lean<ResidentDoc[]>())))
  ).flat();
  const from = period.from.getTime();
  const to = period.to.getTime();
  const inPeriod = (d: Date | null) => d !== null && new Date(d).getTime() >= from && new Date(d).getTime() < to;
  const names = await partnerNames([...new Set(rows.map((r) => r.facilityId.toHexString()))].map((id) => new Types.ObjectId(id)));
  const out = new Map<string, ResidentFigureRow>();
  for (const r of rows) {
    const key = `${r.facilityId.toHexString()}|${r.group}`;
    let row = out.get(key);
    if (!row) {
      row = {
        facilityId: r.facilityId.toHexString(), facilityName: names.get(r.facilityId.toHexString()) ?? '', provinceCode: r.provinceCode, group: r.group,
        admitted: 0, discharged: { reunified: 0, transferred: 0, independent_living: 0, adopted: 0, deceased: 0, other: 0 }, reunified: 0, caredFor: 0, current: 0,
      };
      out.set(key, row);
    }
    if (inPeriod(r.admittedAt)) row.admitted++;
    if (r.dischargeReason && inPeriod(r.dischargedAt)) row.discharged[r.dischargeReason]++;
    if (inPeriod(r.reunifiedAt)) row.reunified++;
    if (new Date(r.admittedAt).getTime() < to && (!r.dischargedAt || new Date(r.dischargedAt).getTime() >= from)) row.caredFor++;
    if (r.current) row.current++;
  }
  return [...out.values()].sort((a, b) => a.provinceCode.localeCompare(b.provinceCode) || a.facilityName.localeCompare(b.facilityName) || a.group.localeCompare(b.group));
}
