/**
 * One year of a national line, written straight into the database with
 * insertMany (batches, `ordered: false`), bypassing the API: calls (with
 * repeat callers), cases over the 34 provinces with their timelines,
 * referrals, notices, SLA deadlines and routing decisions, partners, users and
 * audit entries, dated over the last 365 days. Documents carry exactly the
 * models' fields (checked against the schemas, see fit-model.ts), with the
 * derived values made by the project's own helpers: phone hash / seal / mask,
 * case references and counters, ids derived from a case.
 */
import { performance } from 'node:perf_hooks';
import type { Model, Types } from 'mongoose';
import {
  CATEGORIES, CATEGORY_CODES, formatCaseReference, PROVINCES, referenceCounterKey, yearInVietnam,
  type TActor, type TCategory, type TRiskLevel,
} from '@hotline/core';
import * as db from '@hotline/db';
import {
  AuditEntryModel, CallModel, CaseModel, CounterModel, DeadlineModel, encryptField, hashPhone, loadOfficialCommunes, maskPhone, MessageModel,
  messageIdFor, messageKey, PartnerModel, PartnerStatsModel, ReferralModel, roundReferralId, RoutingDecisionModel, routingDecisionId, seedGeography,
  TimelineEventModel, UserModel, userSearchKey,
} from '@hotline/db';
import { REFERRAL_CODE_ALPHABET } from '@hotline/telephony';
import { ModelFit, type FieldCheck } from './fit-model';
import { DAY, HOUR, IdMaker, MINUTE, Rng, Weighted } from './random';

type Doc = Record<string, unknown>;
type Oid = Types.ObjectId;

export interface YearSeedInput {
  /** 1: the full year (500,000 calls …); 0.1: a tenth of every volume (communes always all). */
  scale: number;
  now: Date;
  rng: Rng;
  /** Numbers (0912345678) the benchmark looks up: each gets a history of seeded calls (repeat callers). */
  benchPhones: string[];
  batch: number;
  /** insertMany calls in flight at once. */
  streams: number;
  log: (msg: string) => void;
}

export interface YearSeedResult {
  counts: Record<string, number>;
  docs: number;
  ms: number;
  docsPerSecond: number;
  /** The first batch, timed alone before the rest (2,000 audit entries). */
  probe: { docs: number; ms: number; docsPerSecond: number };
  openCases: number;
  pendingDeadlines: number;
  fieldChecks: FieldCheck[];
  rebuilt: string[];
  /** Seconds each rebuild took (not part of `ms`). */
  rebuildSeconds: Record<string, number>;
  notAvailable: string[];
}

// ---------------------------------------------------------------- volumes

export function volumes(scale: number) {
  const n = (x: number, min = 1) => Math.max(min, Math.round(x * scale));
  return {
    calls: n(500_000), cases: n(20_000, 50), events: n(200_000), referrals: n(60_000), messages: n(150_000), deadlines: n(100_000),
    pendingDeadlines: n(5_000), audit: n(500_000), partners: n(2_000, 68), users: n(300, 40), openCases: n(1_500, 10),
  };
}

// ---------------------------------------------------------------- the sink

class Sink {
  readonly counts: Record<string, number> = {};
  private readonly buffers = new Map<ModelFit, Doc[]>();
  private readonly inflight = new Set<Promise<void>>();
  private error: Error | null = null;
  constructor(private readonly batch: number, private readonly streams: number) {}

  async add(fit: ModelFit, doc: Doc): Promise<void> {
    if (this.error) throw this.error;
    let buf = this.buffers.get(fit);
    if (!buf) this.buffers.set(fit, (buf = []));
    buf.push(fit.fit(doc));
    if (buf.length >= this.batch) await this.flush(fit);
  }

  private async flush(fit: ModelFit): Promise<void> {
    const docs = this.buffers.get(fit)?.splice(0) ?? [];
    if (docs.length === 0) return;
    const p: Promise<void> = fit.model.collection
      .insertMany(docs, { ordered: false })
      .then(() => {
        this.counts[fit.collection] = (this.counts[fit.collection] ?? 0) + docs.length;
      })
      .catch((err: Error) => {
        this.error ??= new Error(`insertMany into ${fit.collection}: ${err.message}`);
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
    while (this.inflight.size >= this.streams) await Promise.race(this.inflight);
  }

  async done(): Promise<void> {
    for (const fit of this.buffers.keys()) await this.flush(fit);
    await Promise.all(this.inflight);
    if (this.error) throw this.error;
  }
}

const fitFor = (model: unknown, keep: string[] = []) => new ModelFit(model as Model<never>, keep);

// ---------------------------------------------------------------- helpers from @hotline/db that may or may not exist yet

const dbx = db as unknown as Record<string, unknown>;
const fn = <T extends (...args: never[]) => unknown>(name: string): T | null => (typeof dbx[name] === 'function' ? (dbx[name] as T) : null);

// ---------------------------------------------------------------- vocabulary

const REFERABLE = CATEGORY_CODES.filter((c) => c !== 'information_request');
const CATEGORY_WEIGHTS: Record<TCategory, number> = {
  child_abuse: 14, sexual_abuse: 6, psychological_crisis: 14, abandoned_child: 4, child_labour_trafficking: 3,
  domestic_violence: 18, elderly_without_support: 8, disability_support: 6, mental_illness: 9, information_request: 10,
};
const RISK_WEIGHTS: Record<TRiskLevel, number> = { emergency: 5, high: 25, medium: 40, low: 30 };
const CHILD_CATEGORIES: TCategory[] = ['child_abuse', 'sexual_abuse', 'abandoned_child', 'child_labour_trafficking'];
const ACCEPT_MIN: Record<TRiskLevel, number> = { emergency: 15, high: 60, medium: 240, low: 1440 };
const CONTACT_MIN: Record<TRiskLevel, number> = { emergency: 120, high: 1440, medium: 4320, low: 10080 };
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const GIVEN = ['Văn An', 'Thị Bình', 'Minh Châu', 'Quốc Dũng', 'Thị Hà', 'Văn Hải', 'Thu Hằng', 'Đức Huy', 'Thị Lan', 'Văn Long', 'Thị Mai', 'Hoài Nam', 'Thanh Phương', 'Văn Quang', 'Thị Thảo', 'Ngọc Trâm'];
const SUMMARIES = [
  'Hàng xóm nghe tiếng trẻ khóc và tiếng quát mắng nhiều đêm liền; trẻ có vết bầm ở tay.',
  'Người gọi cho biết chị gái thường xuyên bị chồng đánh, hiện đang ở nhà mẹ đẻ và cần nơi tạm lánh.',
  'Cụ ông sống một mình, không có người chăm sóc, đã hai ngày không ra khỏi nhà.',
  'Thanh niên nói muốn tự tử, đang ở một mình; tư vấn viên giữ máy và hướng dẫn gia đình.',
  'Cô giáo phát hiện học sinh có dấu hiệu bị xâm hại, gia đình chưa biết cách xử lý.',
  'Người nhà có bệnh nhân tâm thần bỏ điều trị, đi lang thang, cần hỗ trợ đưa đi khám.',
  'Trẻ bị bỏ rơi trước cổng chùa, công an xã đang tạm giữ và cần cơ sở tiếp nhận.',
  'Em gái 15 tuổi bị dụ đi làm ở tỉnh khác, gia đình mất liên lạc một tuần.',
];

function subjectFor(rng: Rng, category: TCategory) {
  const name = rng.chance(0.6) ? `${rng.pick(FAMILY)} ${rng.pick(GIVEN)}` : null;
  const gender = rng.pick(['female', 'male', 'female', 'unknown'] as const);
  const child = (group: string) => ({ name, ageYears: rng.int(0, 15), gender, group });
  switch (category) {
    case 'child_abuse': case 'sexual_abuse': case 'abandoned_child': return child('child');
    case 'child_labour_trafficking': return rng.chance(0.6) ? child('child') : { name, ageYears: rng.int(16, 30), gender, group: 'trafficking_victim' };
    case 'domestic_violence': return { name, ageYears: rng.int(18, 70), gender, group: 'violence_survivor' };
    case 'elderly_without_support': return { name, ageYears: rng.int(62, 95), gender, group: 'elderly' };
    case 'disability_support': return { name, ageYears: rng.int(3, 70), gender, group: 'person_with_disability' };
    case 'mental_illness': return { name, ageYears: rng.int(18, 70), gender, group: 'person_with_mental_illness' };
    case 'psychological_crisis': return { name, ageYears: rng.int(14, 60), gender, group: 'person_in_crisis' };
    default: return { name, ageYears: rng.chance(0.5) ? rng.int(18, 70) : null, gender, group: 'other_adult' };
  }
}

const e164 = (local: string) => `+84${local.replace(/^0/, '')}`;

/** The year's busiest repeat caller (the first of the Zipf-like pool): about 8,000 calls at full scale. */
export const BUSIEST_CALLER = '0919000111';

/** Unique referral codes in the service's alphabet: a bijection of a counter (random codes drawn by the service rarely meet them). */
function referralCode(i: number): string {
  let x = i * 7_919 + 104_729;
  let s = '';
  for (let k = 0; k < 6; k++) {
    s += REFERRAL_CODE_ALPHABET[x % REFERRAL_CODE_ALPHABET.length];
    x = Math.floor(x / REFERRAL_CODE_ALPHABET.length);
  }
  return s;
}

// ---------------------------------------------------------------- the seed

interface PartnerRef {
  _id: Oid;
  name: string;
  provinceCode: string;
  kind: string;
  categories: string[];
  communeCodes: string[];
  channels: string[];
  userId: Oid | null;
}
interface UserRef {
  _id: Oid;
  role: string;
  name: string;
  province: string | null;
}
interface StatsRow {
  _id: Oid;
  partnerId: Oid;
  status: string;
  offeredAt: Date;
  answeredAt: Date | null;
}

export async function seedYear(input: YearSeedInput): Promise<YearSeedResult> {
  const { rng, now, log } = input;
  const v = volumes(input.scale);
  const ids = new IdMaker(rng);
  const sink = new Sink(input.batch, input.streams);
  const nowMs = now.getTime();
  /** Everything seeded happened before the benchmark's own writes of this phase. */
  const cap = nowMs - 20 * MINUTE;
  const yearAgo = nowMs - 365 * DAY;

  const fits = {
    users: fitFor(UserModel),
    partners: fitFor(PartnerModel, ['provinceCode']),
    calls: fitFor(CallModel, ['callerPhoneHash']),
    cases: fitFor(CaseModel, ['provinceCode', 'open', 'createdMonth']),
    events: fitFor(TimelineEventModel),
    referrals: fitFor(ReferralModel, ['provinceCode']),
    decisions: fitFor(RoutingDecisionModel),
    messages: fitFor(MessageModel),
    deadlines: fitFor(DeadlineModel, ['timed', 'breached', 'effectsPending', 'statsPending']),
    audit: fitFor(AuditEntryModel),
    stats: fitFor(PartnerStatsModel, ['provinceCode']),
  };

  // ---- reference data
  const communes = await seedGeography();
  if (communes) log(`  seeded ${communes} communes`);
  const communesOf = new Map<string, string[]>();
  for (const w of loadOfficialCommunes()) {
    const list = communesOf.get(w.province_code) ?? [];
    list.push(w.ward_code);
    communesOf.set(w.province_code, list);
  }
  // The demo partners' communes (the first 12 of 01 and 79) stay theirs: the benchmark's routing
  // rounds in the demo collaborator's commune must still offer the case to the demo collaborator first.
  const reserved = new Set(['01', '79'].flatMap((p) => (communesOf.get(p) ?? []).slice(0, 12)));
  const provinceCodes = PROVINCES.map((p) => p.code);
  const provinceWeights = provinceCodes.map((c) => (c === '01' ? 8 : c === '79' ? 10 : 82 / 32));
  const provinces = new Weighted(provinceCodes, provinceWeights);
  const categories = new Weighted(CATEGORY_CODES, CATEGORY_CODES.map((c) => CATEGORY_WEIGHTS[c]));
  const referable = new Weighted(REFERABLE, REFERABLE.map((c) => CATEGORY_WEIGHTS[c]));
  const risks = new Weighted(Object.keys(RISK_WEIGHTS) as TRiskLevel[], Object.values(RISK_WEIGHTS));

  const demoUsers = await UserModel.find({ demo: true }).lean();
  const passwordHash = demoUsers[0]?.passwordHash;
  if (!passwordHash) throw new Error('the demo users are missing (seed with --demo first)');
  const demoPartners = await PartnerModel.find({}).lean();

  const started = performance.now();

  // ---- probe: one batch alone, to know the rate before the rest
  const auditFit = fits.audit;
  const users: UserRef[] = demoUsers.map((u) => ({ _id: u._id, role: u.role, name: u.name, province: u.provinces[0] ?? null }));
  const caseIds: Oid[] = [];
  const callIds: Oid[] = [];
  const auditDoc = (at: Date): Doc => {
    const u = rng.pick(users);
    const kind = rng.next();
    let action = 'case.read';
    let targetType = 'case';
    let targetId: string | null = caseIds.length ? rng.pick(caseIds).toHexString() : ids.at(at).toHexString();
    if (kind > 0.5 && kind <= 0.65) [action, targetType, targetId] = ['call.create', 'call', callIds.length ? rng.pick(callIds).toHexString() : ids.at(at).toHexString()];
    else if (kind > 0.65 && kind <= 0.75) [action, targetType, targetId] = ['caller.lookup', 'caller', hashPhone(`+8498${String(rng.int(0, 9_999_999)).padStart(7, '0')}`)];
    else if (kind > 0.75 && kind <= 0.85) [action, targetType, targetId] = ['auth.login', 'user', u._id.toHexString()];
    else if (kind > 0.85 && kind <= 0.95) [action, targetType] = [rng.pick(['referral.read', 'referral.accept', 'referral.decline']), 'referral'];
    else if (kind > 0.95) action = rng.pick(['case.note', 'case.status', 'case.update']);
    return {
      _id: ids.at(at), at, actorId: u._id.toHexString(), actorRole: u.role, action, targetType, targetId,
      requestId: `${ids.at(at).toHexString()}`, ip: rng.chance(0.7) ? '10.0.0.' + rng.int(2, 250) : null, outcome: rng.chance(0.995) ? 'allowed' : 'denied',
    };
  };
  const probeDocs = Math.min(input.batch, v.audit);
  const probeStart = performance.now();
  const probe = Array.from({ length: probeDocs }, () => auditFit.fit(auditDoc(new Date(yearAgo + rng.next() * (cap - yearAgo)))));
  await AuditEntryModel.collection.insertMany(probe, { ordered: false });
  sink.counts.audit_log = probeDocs;
  const probeMs = performance.now() - probeStart;
  const probeRate = probeDocs / (probeMs / 1000);
  const total = v.calls + v.cases + v.events + v.referrals + v.messages + v.deadlines + v.audit + v.partners + v.users;
  log(`  probe: ${probeDocs} docs in ${probeMs.toFixed(0)} ms = ${probeRate.toFixed(0)} docs/s (one stream); ~${total.toLocaleString('en')} docs to write`);

  // ---- users and partners
  const userCount = v.users;
  const roleOf = (i: number) => {
    const x = i / userCount;
    return x < 0.02 ? 'admin' : x < 0.13 ? 'manager' : x < 0.24 ? 'supervisor' : x < 0.69 ? 'counsellor' : 'collaborator';
  };
  const collaboratorUsers: { _id: Oid; province: string; doc: Doc }[] = [];
  const counsellorsOf = new Map<string, UserRef[]>();
  for (const u of users) if (u.role === 'counsellor' && u.province) counsellorsOf.set(u.province, [...(counsellorsOf.get(u.province) ?? []), u]);
  const userDocs: Doc[] = [];
  for (let i = 0; i < userCount; i++) {
    const role = roleOf(i);
    const province = provinceCodes[i % provinceCodes.length]!;
    const created = new Date(yearAgo - rng.int(1, 200) * DAY);
    const name = `${rng.pick(FAMILY)} ${rng.pick(GIVEN)}`;
    const email = `scale.${role}.${i}@bench.hotline.vn`;
    const doc: Doc = {
      _id: ids.at(created), email, passwordHash, name, role, provinces: role === 'admin' ? [] : [province], allProvinces: role === 'admin',
      partnerId: null, active: rng.chance(0.97), demo: false, searchKey: userSearchKey(name, email), createdAt: created, updatedAt: created,
    };
    const ref: UserRef = { _id: doc._id as Oid, role, name, province: role === 'admin' ? null : province };
    users.push(ref);
    if (role === 'counsellor') counsellorsOf.set(province, [...(counsellorsOf.get(province) ?? []), ref]);
    if (role === 'collaborator') collaboratorUsers.push({ _id: doc._id as Oid, province, doc });
    userDocs.push(doc);
  }
  const anyCounsellor = users.filter((u) => u.role === 'counsellor');
  const counsellorFor = (p: string) => rng.pick(counsellorsOf.get(p) ?? anyCounsellor);

  const partners: PartnerRef[] = demoPartners.map((p) => ({
    _id: p._id, name: p.name, provinceCode: p.area.provinceCode, kind: p.kind, categories: p.categories, communeCodes: p.area.communeCodes, channels: p.channels, userId: p.userId,
  }));
  const partnerQueryFields = fn<(set: { area?: { provinceCode: string } }) => Doc>('partnerQueryFields');
  const freeCollabUsers = new Map<string, { _id: Oid; doc: Doc }[]>();
  for (const u of collaboratorUsers) freeCollabUsers.set(u.province, [...(freeCollabUsers.get(u.province) ?? []), u]);
  for (let i = 0; i < v.partners; i++) {
    const province = i < provinceCodes.length ? provinceCodes[i]! : provinces.draw(rng);
    const kindX = rng.next();
    const kind = kindX < 0.7 ? 'collaborator' : kindX < 0.85 ? 'facility' : 'agency';
    const free = (communesOf.get(province) ?? []).filter((c) => !reserved.has(c));
    const cats = kind === 'collaborator'
      ? (rng.chance(0.6) ? [...REFERABLE] : rng.some(REFERABLE, rng.int(3, 6)))
      : kind === 'facility'
        ? rng.pick([['abandoned_child', 'child_abuse', 'child_labour_trafficking'], ['elderly_without_support', 'disability_support'], ['mental_illness', 'psychological_crisis'], [...REFERABLE]])
        : rng.pick([['domestic_violence', 'sexual_abuse'], ['child_labour_trafficking', 'sexual_abuse', 'domestic_violence', 'child_abuse'], ['psychological_crisis']]);
    const created = new Date(yearAgo - rng.int(1, 300) * DAY);
    const linked = kind === 'collaborator' ? freeCollabUsers.get(province)?.pop() : undefined;
    const channels = linked ? ['console', 'sms', 'voice'] : rng.pick([['sms', 'voice'], ['sms'], ['voice', 'sms']]);
    const name = kind === 'collaborator' ? `CTV ${rng.pick(FAMILY)} ${rng.pick(GIVEN)} (${province}-${i})`
      : kind === 'facility' ? `Cơ sở bảo trợ xã hội số ${i} (${province})` : `${rng.pick(['Công an xã', 'Hội Phụ nữ', 'Đoàn Thanh niên', 'Trạm y tế'])} ${i} (${province})`;
    const doc: Doc = {
      _id: ids.at(created), name, kind, type: kind === 'collaborator' ? 'commune_collaborator' : kind === 'facility' ? 'social_protection_centre' : 'police',
      phones: [`+8490${String(1_000_000 + i).padStart(7, '0')}`], categories: cats,
      area: { provinceCode: province, communeCodes: kind === 'collaborator' ? rng.some(free, rng.int(1, 4)) : [] },
      provinceCode: province,
      capacity: kind === 'facility' ? { beds: (['child', 'elderly', 'person_with_disability', 'violence_survivor', 'trafficking_victim'] as const).map((group) => ({ group, beds: rng.int(4, 24) })) } : null,
      onDuty: kind === 'agency' && rng.chance(0.3) ? { days: [1, 2, 3, 4, 5], from: '07:30', to: '17:00' } : null,
      paused: rng.chance(0.03), channels, userId: linked?._id ?? null, active: rng.chance(0.96), demo: false, createdAt: created, updatedAt: created,
    };
    if (linked) linked.doc.partnerId = doc._id;
    if (partnerQueryFields) Object.assign(doc, partnerQueryFields({ area: doc.area as { provinceCode: string } }));
    if (doc.active && !doc.paused) {
      partners.push({ _id: doc._id as Oid, name, provinceCode: province, kind, categories: cats, communeCodes: (doc.area as { communeCodes: string[] }).communeCodes, channels, userId: linked?._id ?? null });
    }
    await sink.add(fits.partners, doc);
  }
  for (const d of userDocs) await sink.add(fits.users, d);
  const partnersFor = new Map<string, PartnerRef[]>();
  const partnerFor = (province: string, category: string, commune: string | null): PartnerRef | null => {
    const k = `${province}|${category}`;
    let list = partnersFor.get(k);
    if (!list) partnersFor.set(k, (list = partners.filter((p) => p.provinceCode === province && p.categories.includes(category))));
    if (list.length === 0) return null;
    const near = commune ? list.filter((p) => p.communeCodes.includes(commune)) : [];
    return near.length && rng.chance(0.7) ? rng.pick(near) : rng.pick(list);
  };

  // ---- phones: repeat callers
  interface Phone { hash: string; sealed: string; masked: string }
  const phoneCache = new Map<string, Phone>();
  const phone = (num: string): Phone => {
    let p = phoneCache.get(num);
    if (!p) {
      p = { hash: hashPhone(num), sealed: encryptField(num), masked: maskPhone(num) };
      if (phoneCache.size < 50_000) phoneCache.set(num, p);
    }
    return p;
  };
  const randomNumber = () => `+84${rng.pick(['9', '3', '8', '7'])}${rng.int(1, 9)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
  // Repeat callers: a Zipf-like pool, the busiest first (the benchmark looks that one up).
  const frequent = [e164(BUSIEST_CALLER), ...Array.from({ length: Math.max(20, Math.round(2_000 * input.scale)) - 1 }, randomNumber)];
  const frequentW = new Weighted(frequent, frequent.map((_, i) => 1 / (i + 1)));

  const callerCallRows: { _id: Oid; callerPhoneHash: string; provinceCode: string | null; startedAt: Date }[] = [];
  const callDoc = (at: Date, province: string | null, num: string | null, outcome: string, caseId: Oid | null, counsellor: UserRef): Doc => {
    const ph = num ? phone(num) : null;
    const duration = outcome === 'silent' || outcome === 'prank' ? rng.int(3, 40) : rng.int(60, 1800);
    const id = ids.at(at);
    if (callIds.length < 50_000) callIds.push(id);
    else callIds[rng.int(0, callIds.length - 1)] = id;
    if (ph) callerCallRows.push({ _id: id, callerPhoneHash: ph.hash, provinceCode: province, startedAt: at });
    return {
      _id: id, intakeKey: id.toHexString(), channel: num ? (rng.chance(0.95) ? 'phone' : 'sms') : rng.pick(['walk_in', 'web', 'phone']),
      startedAt: at, durationSeconds: duration, counsellorId: counsellor._id, provinceCode: province,
      callerPhoneHash: ph?.hash ?? null,
      caller: { phoneHash: ph?.hash ?? null, phoneSealed: ph?.sealed ?? null, phoneMasked: ph?.masked ?? null, name: rng.chance(0.3) ? `${rng.pick(FAMILY)} ${rng.pick(GIVEN)}` : null, relationship: rng.pick(['self', 'parent', 'relative', 'neighbour', 'teacher', 'friend', 'health_worker', 'police', 'official', 'other', 'unknown']) },
      outcome, caseId, notes: rng.chance(0.1) ? 'Gọi lại sau nếu cần.' : null, createdAt: new Date(at.getTime() + duration * 1000),
    };
  };

  // ---- cases: times, provinces, which stay open
  const caseTimes = Array.from({ length: v.cases }, () => yearAgo + rng.next() * (cap - 2 * HOUR - yearAgo)).sort((a, b) => a - b);
  const openIdx = new Set(
    caseTimes
      .map((t, i) => ({ i, key: Math.pow(rng.next(), 1 / (Math.exp(-(cap - t) / (30 * DAY)) + 0.03)) }))
      .sort((a, b) => b.key - a.key)
      .slice(0, v.openCases)
      .map((x) => x.i),
  );
  const counters = new Map<string, number>();
  const counterDocs = await CounterModel.find({ _id: { $regex: /^case-ref-/ } }).lean();
  for (const c of counterDocs) counters.set(c._id, c.seq);
  const nextRef = (province: string, at: Date) => {
    const year = yearInVietnam(at);
    const key = referenceCounterKey(province, year);
    const seq = (counters.get(key) ?? 0) + 1;
    counters.set(key, seq);
    return formatCaseReference(province, year, seq);
  };
  const caseQueryFields = fn<(set: { location?: { provinceCode: string }; status?: string }) => Doc>('caseQueryFields');
  /** The case search's blind index (the project's derivation when it has one), from the names as seeded. */
  const caseSearchKeys = fn<(provinceCode: string, src: { reference: string; subjectNames: (string | null)[]; callerNames: (string | null)[]; communeName: string | null; address: string | null; callerPhoneHashes: string[] }) => string[]>('caseSearchKeys');
  const communeNameOf = new Map(loadOfficialCommunes().map((w) => [w.ward_code, w.name]));
  const monthOfId = fn<(id: Oid) => string>('monthOfId') ?? ((id: Oid) => id.getTimestamp().toISOString().slice(0, 7));
  const deadlineQueryFields = fn<(set: { nextAt?: Date | null; breachedAt?: Date | null }, claimsEffect: boolean) => Doc>('deadlineQueryFields');
  /**
   * The deadlines' top-level query flags (the project's derivation when it has one). `statsPending` is
   * false: the SLA counts are rebuilt from every deadline once the seed is written (rebuildSlaCounts).
   */
  const deadlineFlags = (nextAt: Date | null, breachedAt: Date | null, claimed: boolean): Doc => ({
    timed: nextAt !== null, breached: breachedAt !== null, effectsPending: claimed,
    ...(deadlineQueryFields ? deadlineQueryFields({ nextAt, breachedAt }, claimed) : {}),
    statsPending: false,
  });
  const caseMonthRows = new Map<string, { provinceCode: string; createdMonth: string }>();
  const statsRows: StatsRow[] = [];
  let referralCounter = 0;
  let openCases = 0;
  const system: TActor = db.SYSTEM_ACTOR;
  const made = { referrals: 0, messages: 0, deadlines: 0, pending: 0 };
  /** What is left of a target per unit left: the draws below aim at the volumes whatever the draws so far. */
  const per = (target: number, done: number, unitsLeft: number) => Math.max(0, target - done) / Math.max(1, unitsLeft);
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

  for (let ci = 0; ci < v.cases; ci++) {
    const t0 = caseTimes[ci]!;
    const open = openIdx.has(ci);
    if (open) openCases++;
    const province = provinces.draw(rng);
    const list = communesOf.get(province) ?? [];
    const commune = list.length && rng.chance(0.9) ? rng.pick(list) : null;
    const category = open ? referable.draw(rng) : categories.draw(rng);
    const riskLevel = risks.draw(rng);
    const counsellor = counsellorFor(province);
    const isRef = category !== 'information_request';
    const status = !open ? 'closed' : (() => {
      const x = rng.next();
      return x < 0.05 ? 'triaged' : x < 0.2 ? 'referred' : x < 0.32 ? 'accepted' : x < 0.75 ? 'in_progress' : 'follow_up';
    })();

    // Relative times (ms after t0), squeezed afterwards to end before the cap.
    const offsets: number[] = [];
    const at = (ms: number) => (offsets.push(ms), offsets.length - 1);
    const triagedAt = at(rng.int(1, 6) * MINUTE);
    interface Ref { round: number; slot: number; partner: PartnerRef; status: string; offered: number; answered: number | null; contacted: number | null; completed: number | null; via: string | null; step: number }
    const refs: Ref[] = [];
    let routingState = 'none';
    let routingRound = 0;
    let acceptedRef: Ref | null = null;
    let tLast = offsets[triagedAt]!;
    if (isRef) {
      const perCase = per(v.referrals, made.referrals, (v.cases - ci) * 0.9);
      const rounds = status === 'triaged' ? rng.int(0, 2) : 1 + rng.poisson(clamp(perCase / 1.05 - 1, 0, 8));
      const emergency = riskLevel === 'emergency';
      for (let r = 1; r <= rounds; r++) {
        const last = r === rounds;
        let offered = tLast + rng.int(2, 90) * MINUTE;
        // An offer still waiting for an answer was made in the last day and a half.
        if (last && status === 'referred') offered = Math.max(offered, cap - t0 - rng.int(10, 36 * 60) * MINUTE);
        const slots = emergency ? 2 : 1;
        const taken = new Set<string>();
        for (let slot = 0; slot < slots; slot++) {
          const partner = partnerFor(province, category, commune);
          if (!partner || taken.has(partner._id.toHexString())) continue;
          taken.add(partner._id.toHexString());
          const answered = offered + rng.int(2, 180) * MINUTE;
          let st: string;
          if (!last || status === 'triaged') st = rng.chance(0.6) ? 'declined' : 'expired';
          else if (slot === 1 && acceptedRef) st = 'withdrawn';
          else if (status === 'referred') st = 'offered';
          else if (status === 'accepted') st = 'accepted';
          else if (status === 'in_progress' || status === 'follow_up') st = 'contacted';
          else st = rng.chance(0.8) ? 'completed' : rng.chance(0.6) ? 'cancelled' : 'declined';
          const ref: Ref = {
            round: r, slot, partner, status: st, offered, via: null, step: 0,
            answered: ['offered', 'cancelled', 'withdrawn'].includes(st) ? null : st === 'expired' ? null : answered,
            contacted: ['contacted', 'completed'].includes(st) ? answered + rng.int(1, 48) * HOUR : null,
            completed: st === 'completed' ? answered + rng.int(3, 40) * DAY : null,
          };
          ref.via = ref.answered ? rng.pick(partner.channels.length ? partner.channels : ['sms']) : null;
          ref.step = st === 'expired' ? Math.max(0, partner.channels.length - 1) : rng.int(0, Math.max(0, partner.channels.length - 1));
          if (['accepted', 'contacted', 'completed'].includes(st)) acceptedRef ??= ref;
          refs.push(ref);
          made.referrals++;
          tLast = Math.max(tLast, ref.completed ?? ref.contacted ?? ref.answered ?? offered);
        }
        routingRound = r;
      }
      // Open offers (and offers cancelled by closing the case) leave the case `offered`; offers all declined or
      // expired end in a round that found nobody.
      routingState = status === 'triaged' ? 'unroutable' : acceptedRef ? 'accepted' : refs.some((x) => x.status === 'offered' || x.status === 'cancelled') ? 'offered' : 'unroutable';
      if (routingState === 'unroutable') routingRound += 1; // the round that found no partner
    }
    const closedAt = status === 'closed' ? tLast + rng.int(1, 20) * DAY : null;
    const end = closedAt ?? tLast;
    // Squeeze: everything (and, for an offer still open, its offer) ends before the cap.
    const room = cap - t0;
    const f = end > room ? room / end : 1;
    const T = (ms: number | null) => (ms === null ? null : new Date(t0 + Math.floor(ms * f)));
    const created = new Date(t0);
    const caseId = ids.at(created);
    caseIds.push(caseId);
    const reference = nextRef(province, created);

    // Calls: the one that opened the case, and later ones attached to it (most from the same number).
    const callerNum = rng.chance(0.85) ? (rng.chance(0.1) ? frequentW.draw(rng) : randomNumber()) : null;
    const calls: Doc[] = [callDoc(new Date(t0 - rng.int(3, 30) * MINUTE), province, callerNum, 'case_opened', caseId, counsellor)];
    const attached = rng.poisson(isRef ? 1 : 0.2);
    for (let k = 0; k < attached; k++) {
      const when = T(rng.next() * end)!;
      calls.push(callDoc(when, province, rng.chance(0.7) ? callerNum : randomNumber(), 'attached_to_case', caseId, counsellorFor(province)));
    }
    const phoneHashes = [...new Set(calls.map((c) => c.callerPhoneHash as string | null).filter((h): h is string => h !== null))];

    const counsellorActor: TActor = { kind: 'user', id: counsellor._id.toHexString(), role: 'counsellor', name: counsellor.name };
    const partnerActor = (p: PartnerRef): TActor => ({ kind: 'partner', id: p._id.toHexString(), role: p.userId ? 'collaborator' : null, name: p.name });
    const events: Doc[] = [];
    const event = (type: string, actor: TActor, when: Date, data: Doc) => events.push({ _id: ids.at(when).toHexString(), caseId, type, actor, at: when, data });
    event('case.opened', counsellorActor, created, { reference, category, riskLevel, callId: (calls[0]!._id as Oid).toHexString() });
    for (const c of calls) event('call.logged', counsellorActor, c.startedAt as Date, { callId: (c._id as Oid).toHexString(), channel: c.channel, outcome: c.outcome });
    event('case.triaged', system, T(offsets[triagedAt]!)!, { from: 'new', to: 'triaged', jobId: `triage-${caseId.toHexString()}`, attempt: 1 });

    const referralIds: Oid[] = [];
    const rounds = new Map<number, Ref[]>();
    for (const r of refs) rounds.set(r.round, [...(rounds.get(r.round) ?? []), r]);
    for (const [round, rs] of rounds) {
      const decidedAt = T(rs[0]!.offered)!;
      const others = rng.some(partners.filter((p) => p.provinceCode === province && !rs.some((x) => x.partner._id.equals(p._id))), rng.int(1, 4));
      const line = (p: PartnerRef, rank: number | null, excluded: string | null) => ({
        partnerId: p._id.toHexString(), name: p.name, tier: commune && p.communeCodes.includes(commune) ? 0 : 1, openReferrals: rng.int(0, 6),
        acceptanceRate: Math.round(rng.next() * 100) / 100, medianResponseMinutes: rng.int(3, 120), rank, excluded,
      });
      const candidates = [...rs.map((r, i) => line(r.partner, i + 1, null)), ...others.map((p, i) => (rng.chance(0.5) ? line(p, rs.length + i + 1, null) : line(p, null, rng.pick(['off duty', 'paused', `does not handle ${category}`]))))];
      await sink.add(fits.decisions, { _id: routingDecisionId(caseId, round), caseId, round, decidedAt, offersAtOnce: riskLevel === 'emergency' ? 2 : 1, needsPlacement: ['abandoned_child', 'elderly_without_support', 'child_labour_trafficking'].includes(category), candidates });
      for (const r of rs) {
        const id = roundReferralId(caseId, round, r.slot);
        referralIds.push(id);
        const offeredAt = T(r.offered)!;
        const answeredAt = T(r.answered);
        const contactedAt = T(r.contacted);
        const completedAt = T(r.completed);
        const closed = status === 'closed' && closedAt !== null ? T(closedAt)! : null;
        const updatedAt = completedAt ?? contactedAt ?? answeredAt ?? (r.status === 'cancelled' ? closed : null) ?? offeredAt;
        const reason = candidates.find((c) => c.partnerId === r.partner._id.toHexString()) ?? null;
        await sink.add(fits.referrals, {
          _id: id, caseId, partnerId: r.partner._id, provinceCode: province, round, status: r.status, code: referralCode(referralCounter++), channels: r.partner.channels,
          channelStep: r.step, offeredAt, answeredAt, answeredVia: r.via, contactedAt, completedAt, reason, updatedAt,
        });
        statsRows.push({ _id: id, partnerId: r.partner._id, status: r.status, offeredAt, answeredAt });
        event('referral.offered', system, offeredAt, { referralId: id.toHexString(), partnerId: r.partner._id.toHexString(), round, partnerName: r.partner.name });
        const outcomeAt = answeredAt ?? (r.status === 'expired' ? new Date(offeredAt.getTime() + 60 * MINUTE) : null);
        if (r.status === 'declined') event('referral.declined', partnerActor(r.partner), answeredAt!, { referralId: id.toHexString(), partnerId: r.partner._id.toHexString(), round, via: r.via });
        if (r.status === 'expired') event('referral.expired', system, outcomeAt!, { referralId: id.toHexString(), partnerId: r.partner._id.toHexString(), round });
        if (['accepted', 'contacted', 'completed'].includes(r.status)) {
          event('referral.accepted', partnerActor(r.partner), answeredAt!, { referralId: id.toHexString(), partnerId: r.partner._id.toHexString(), round, via: r.via });
          event('case.status_changed', partnerActor(r.partner), answeredAt!, { from: 'referred', to: 'accepted', referralId: id.toHexString() });
        }
        if (contactedAt) {
          event('referral.contacted', partnerActor(r.partner), contactedAt, { referralId: id.toHexString(), partnerId: r.partner._id.toHexString(), round });
          event('case.status_changed', partnerActor(r.partner), contactedAt, { from: 'accepted', to: 'in_progress', referralId: id.toHexString() });
        }
        if (completedAt) event('referral.completed', partnerActor(r.partner), completedAt, { referralId: id.toHexString(), partnerId: r.partner._id.toHexString(), round });
        if (r.status === 'withdrawn') event('referral.withdrawn', system, updatedAt, { referralId: id.toHexString(), partnerId: r.partner._id.toHexString(), round, cause: 'another_partner_accepted' });
        if (r.status === 'cancelled') event('referral.cancelled', system, updatedAt, { referralId: id.toHexString(), partnerId: r.partner._id.toHexString(), round, cause: 'case_closed' });

        // Notices: one per channel step tried, a reply when answered by SMS.
        const steps = Math.min(r.partner.channels.length, r.step + 1);
        for (let step = 0; step < Math.max(1, steps); step++) {
          made.messages++;
          const channel = r.partner.channels[step] ?? 'sms';
          const key = messageKey(id, channel, step);
          const sentAt = new Date(offeredAt.getTime() + step * 15 * MINUTE);
          const statusOf = channel === 'voice' ? rng.pick(['completed', 'no-answer', 'busy', 'completed']) : rng.chance(0.93) ? 'delivered' : 'undelivered';
          await sink.add(fits.messages, {
            _id: messageIdFor(key), idempotencyKey: key, direction: 'outbound', referralId: id, partnerId: r.partner._id, channel, step,
            provider: channel === 'console' ? 'console' : 'twilio', providerId: channel === 'console' ? null : `${channel === 'voice' ? 'CA' : 'SM'}${key.replace(/-/g, '').slice(0, 32)}`,
            status: statusOf, statusRank: 5, attempts: 1, error: null, createdAt: sentAt, updatedAt: new Date(sentAt.getTime() + 20_000),
          });
        }
        if (r.via === 'sms' && answeredAt) {
          const providerId = `SMin${id.toHexString()}`;
          made.messages++;
          await sink.add(fits.messages, {
            _id: ids.at(answeredAt), idempotencyKey: `in-${providerId}`, direction: 'inbound', referralId: id, partnerId: null, channel: 'sms', step: 0,
            provider: 'twilio', providerId, status: 'delivered', statusRank: 5, attempts: 0, error: null, createdAt: answeredAt, updatedAt: answeredAt,
          });
        }
      }
    }
    if (status === 'triaged') event('routing.unroutable', system, T(tLast + 5 * MINUTE)!, { round: routingRound, cause: 'every_partner_excluded' });
    if (status === 'follow_up') event('case.status_changed', counsellorActor, T(end)!, { from: 'in_progress', to: 'follow_up' });
    const notes = rng.poisson(0.3);
    for (let k = 0; k < notes; k++) event('case.note_added', counsellorActor, T(rng.next() * end)!, { kind: rng.pick(['note', 'contact_attempt', 'follow_up', 'home_visit']), text: 'Đã gọi lại cho gia đình; tình hình ổn định hơn.' });
    if (closedAt !== null) event('case.status_changed', counsellorActor, T(closedAt)!, { from: acceptedRef ? 'in_progress' : 'triaged', to: 'closed', reason: 'Đã hỗ trợ xong' });
    for (const e of events) await sink.add(fits.events, e);

    // SLA deadlines: accept, first contact, follow-ups after contact, the legal clock for children at serious risk.
    if (isRef) {
      const accepted = acceptedRef ? T(acceptedRef.answered) : null;
      const contacted = acceptedRef ? T(acceptedRef.contacted) : null;
      const plans: { key: string; kind: string; start: Date; due: Date; met: Date | null; open: boolean }[] = [];
      const add = (key: string, kind: string, start: Date, dueMin: number, met: Date | null, openNow: boolean) =>
        plans.push({ key, kind, start, due: new Date(start.getTime() + dueMin * MINUTE), met, open: openNow });
      add('accept', 'accept', created, ACCEPT_MIN[riskLevel], accepted, open && !accepted);
      add('first_contact', 'first_contact', created, CONTACT_MIN[riskLevel], contacted, open && !contacted);
      if (CHILD_CATEGORIES.includes(category) && (riskLevel === 'emergency' || riskLevel === 'high')) add('legal_clock', 'legal_clock', created, 12 * 60, accepted, open && !accepted);
      if (contacted) {
        // Open cases: as many follow-ups as keep the pending deadlines on target; closed ones: the deadline volume.
        const followUps = Math.round(clamp(open
          ? per(v.pendingDeadlines, made.pending, v.openCases - openCases + 1) + (status === 'follow_up' ? 1 : 0) + rng.next() - 0.5
          : (per(v.deadlines, made.deadlines, (v.cases - ci) * 0.9) - plans.length) / 0.75 + rng.next() - 0.5, 1, 8));
        for (let n = 1; n <= followUps; n++) {
          const metAt = !open || (status === 'follow_up' && n === 1) ? new Date(contacted.getTime() + n * 7 * DAY) : null;
          add(`follow_up:${n}`, 'follow_up', contacted, n * 7 * 24 * 60, metAt && metAt.getTime() < cap ? metAt : open ? null : T(end), open && !metAt);
        }
      }
      for (const p of plans) {
        const id = ids.at(p.start);
        const clock = riskLevel === 'emergency' || riskLevel === 'high' || p.kind === 'legal_clock' ? 'around_the_clock' : 'business_hours';
        let state = 'met';
        let dueAt = p.due;
        let metAt = p.met;
        let breachedAt: Date | null = null;
        let cancelledAt: Date | null = null;
        let escalationLevel = 0;
        if (p.open) {
          state = 'pending';
          // Still running: due in the future, so no timer of the seed fires while the benchmark runs.
          if (dueAt.getTime() < nowMs + 2 * HOUR) dueAt = new Date(nowMs + 2 * HOUR + rng.next() * 10 * DAY);
          metAt = null;
        } else {
          const x = rng.next();
          if (!metAt || x < 0.1) [state, metAt, cancelledAt] = ['cancelled', null, T(end)];
          else if (x < 0.15) [state, metAt, breachedAt, escalationLevel] = ['breached', null, new Date(dueAt.getTime() + rng.int(1, 30) * MINUTE), rng.int(1, 3)];
          else if (x < 0.2) [breachedAt, escalationLevel] = [new Date(dueAt.getTime() + rng.int(1, 30) * MINUTE), 1];
          if (breachedAt && breachedAt.getTime() > cap) breachedAt = new Date(cap - rng.int(1, 600) * MINUTE);
        }
        const span = dueAt.getTime() - p.start.getTime();
        const reminders = [0.5, 0.8].map((fraction, i) => ({ at: new Date(p.start.getTime() + span * fraction), fraction, audience: i === 0 ? 'partner' : 'province_managers' }));
        const escalation = [
          { level: 1, action: 'reoffer', audience: 'next_candidate', at: dueAt },
          { level: 2, action: 'supervisor', audience: 'province_supervisors', at: new Date(dueAt.getTime() + 30 * MINUTE) },
          { level: 3, action: 'province_manager', audience: 'province_managers', at: new Date(dueAt.getTime() + 120 * MINUTE) },
        ];
        // Reminder SMS sent: as many as keep the messages on target (the referral notices still to come counted).
        const reminderMean = clamp(per(v.messages - (v.referrals - made.referrals) * 1.9, made.messages, (v.deadlines - made.deadlines) * 0.5), 0, 2);
        const remindersSent = state === 'pending' ? reminders.filter((r) => r.at.getTime() <= nowMs + HOUR).length : Math.min(2, rng.poisson(reminderMean));
        const nextAt = state === 'pending' ? (reminders.find((r) => r.at.getTime() > nowMs + HOUR)?.at ?? dueAt) : null;
        if (state === 'pending') made.pending++;
        made.deadlines++;
        const remindedRef = p.kind === 'accept' ? refs[refs.length - 1] : acceptedRef;
        if (remindedRef?.partner.channels.includes('sms')) {
          const refId = roundReferralId(caseId, remindedRef.round, remindedRef.slot);
          for (let i = 0; i < remindersSent; i++) {
            const key = `sla-${id.toHexString()}-r${i}-${refId.toHexString()}`;
            const sentAt = reminders[i]!.at.getTime() < cap ? reminders[i]!.at : new Date(cap - rng.int(1, 600) * MINUTE);
            made.messages++;
            await sink.add(fits.messages, {
              _id: messageIdFor(key), idempotencyKey: key, direction: 'outbound', referralId: refId, partnerId: remindedRef.partner._id, channel: 'sms', step: i,
              provider: 'twilio', providerId: `SMr${key.replace(/-/g, '').slice(0, 32)}`, status: rng.chance(0.95) ? 'delivered' : 'undelivered', statusRank: 5,
              attempts: 1, error: null, createdAt: sentAt, updatedAt: new Date(sentAt.getTime() + 20_000),
            });
          }
        }
        const effects: unknown[] = [];
        const updatedAt = metAt ?? cancelledAt ?? breachedAt ?? p.start;
        await sink.add(fits.deadlines, {
          _id: id, caseId, referralId: p.kind === 'accept' ? (referralIds[referralIds.length - 1] ?? null) : acceptedRef ? roundReferralId(caseId, acceptedRef.round, acceptedRef.slot) : null,
          provinceCode: province, category, riskLevel, key: p.key, kind: p.kind, clock,
          planKey: `${category}|${riskLevel}|${(p.kind === 'follow_up' ? contacted! : created).getTime()}|${p.kind === 'follow_up' ? p.key.split(':')[1] : 0}|60000`,
          startsAt: p.start, dueAt, reminders, escalation, state, remindersSent, escalationLevel, heldSms: null, nextAt, metAt, breachedAt, cancelledAt,
          effects, version: 1 + remindersSent + escalationLevel + (state === 'pending' ? 0 : 1), createdAt: p.start, updatedAt,
          ...deadlineFlags(nextAt, breachedAt, effects.length > 0),
        });
      }
    }

    const location = { provinceCode: province, communeCode: commune, address: rng.chance(0.4) ? `Thôn ${rng.int(1, 20)}` : null };
    const updatedAt = events.reduce((m, e) => ((e.at as Date) > m ? (e.at as Date) : m), created);
    const caseDoc: Doc = {
      _id: caseId, reference, intakeKey: calls[0]!.intakeKey, status, category, subCategories: [rng.pick(CATEGORIES[category])], riskLevel,
      subjects: Array.from({ length: rng.chance(0.8) ? 1 : rng.int(2, 3) }, () => subjectFor(rng, category)),
      location, provinceCode: province, open: status !== 'closed', createdMonth: monthOfId(caseId),
      summary: rng.pick(SUMMARIES), consent: rng.chance(0.7) ? { given: true, method: 'verbal', notes: null } : null,
      assignedCounsellorId: rng.chance(0.9) ? counsellor._id : null, createdBy: counsellor._id,
      callIds: calls.map((c) => c._id), callerPhoneHashes: phoneHashes, referredPartnerIds: [...new Map(refs.map((r) => [r.partner._id.toHexString(), r.partner._id])).values()],
      routingRound, routingState, acceptedReferralId: acceptedRef ? roundReferralId(caseId, acceptedRef.round, acceptedRef.slot) : null,
      version: events.length, outbox: [], outboxPending: false, createdAt: created, updatedAt, closedAt: T(closedAt),
    };
    // The project's own derivation of the query fields, when it has one (it wins over ours).
    if (caseQueryFields) Object.assign(caseDoc, caseQueryFields({ location, status }));
    if (caseSearchKeys) {
      caseDoc.searchKeys = caseSearchKeys(province, {
        reference, subjectNames: (caseDoc.subjects as { name: string | null }[]).map((s) => s.name), callerNames: calls.map((c) => (c.caller as { name: string | null }).name),
        communeName: commune ? (communeNameOf.get(commune) ?? null) : null, address: location.address, callerPhoneHashes: phoneHashes,
      });
      caseDoc.searchKeysVersion = dbx.SEARCH_KEYS_VERSION;
    }
    caseMonthRows.set(`${province}|${caseDoc.createdMonth}`, { provinceCode: province, createdMonth: String(caseDoc.createdMonth) });
    await sink.add(fits.cases, caseDoc);
    for (const c of calls) await sink.add(fits.calls, c);
    if (ci % 2000 === 1999) log(`  … ${ci + 1} cases (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }

  // ---- calls that opened no case: information, silent, prank, transferred; repeat callers; the benchmark's numbers
  let lone = 0;
  const benchNumbers = input.benchPhones.map(e164);
  for (const num of benchNumbers) {
    const n = rng.int(10, 40);
    for (let k = 0; k < n; k++) {
      await sink.add(fits.calls, callDoc(new Date(yearAgo + rng.next() * (cap - yearAgo)), '01', num, rng.pick(['information_only', 'information_only', 'silent', 'transferred']), null, counsellorFor('01')));
      lone++;
    }
  }
  await sink.done(); // exact case-call count before filling the rest
  const remaining = Math.max(0, v.calls - (sink.counts.calls ?? 0));
  for (let k = 0; k < remaining; k++) {
    const province = provinces.draw(rng);
    const x = rng.next();
    const outcome = x < 0.5 ? 'information_only' : x < 0.7 ? 'silent' : x < 0.85 ? 'prank' : 'transferred';
    const num = rng.chance(outcome === 'silent' ? 0.7 : 0.9) ? (rng.chance(0.15) ? frequentW.draw(rng) : randomNumber()) : null;
    await sink.add(fits.calls, callDoc(new Date(yearAgo + rng.next() * (cap - yearAgo)), province, num, outcome, null, counsellorFor(province)));
    lone++;
    if (k % 100_000 === 99_999) log(`  … ${k + 1} calls without a case (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }

  // ---- audit trail
  for (let k = probeDocs; k < v.audit; k++) {
    await sink.add(fits.audit, auditDoc(new Date(yearAgo + rng.next() * (cap - yearAgo))));
    if (k % 100_000 === 99_999) log(`  … ${k + 1} audit entries (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }

  // ---- partners' routing stats, as the reconciler's repair would compute them from the referrals
  const since = nowMs - 90 * DAY;
  const stats = new Map<string, { open: Record<string, true>; decided: Record<string, { offeredAt: Date; accepted: boolean; minutes: number | null }> }>();
  for (const r of statsRows) {
    const k = r.partnerId.toHexString();
    const s = stats.get(k) ?? { open: {}, decided: {} };
    stats.set(k, s);
    if (['offered', 'accepted', 'contacted'].includes(r.status)) s.open[r._id.toHexString()] = true;
    if (!['offered', 'withdrawn', 'cancelled'].includes(r.status) && r.offeredAt.getTime() >= since) {
      s.decided[r._id.toHexString()] = { offeredAt: r.offeredAt, accepted: ['accepted', 'contacted', 'completed'].includes(r.status), minutes: r.answeredAt ? (r.answeredAt.getTime() - r.offeredAt.getTime()) / 60_000 : null };
    }
  }
  // New stats documents in one insertMany; a partner whose document the service wrote meanwhile (the
  // benchmark's own routing, or the workers' stats repair, which may run while the seed is written) gets
  // the seeded entries added beside its own by an upsert.
  const statsDocs = [...stats].map(([k, s]) => {
    const partner = partners.find((p) => p._id.toHexString() === k)!;
    return fits.stats.fit({ _id: partner._id, provinceCode: partner.provinceCode, open: s.open, decided: s.decided, updatedAt: now });
  });
  const taken = new Set((await PartnerStatsModel.collection.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
  const merge = async (d: Doc) => {
    const $set: Doc = { provinceCode: d.provinceCode, updatedAt: now };
    for (const field of ['open', 'decided'] as const) for (const [rk, x] of Object.entries(d[field] as Doc)) $set[`${field}.${rk}`] = x;
    await PartnerStatsModel.collection.updateOne({ _id: d._id as Oid }, { $set }, { upsert: true });
  };
  for (const d of statsDocs.filter((x) => taken.has(String(x._id)))) await merge(d);
  const fresh = statsDocs.filter((x) => !taken.has(String(x._id)));
  for (let i = 0; i < fresh.length; i += input.batch) {
    const chunk = fresh.slice(i, i + input.batch);
    try {
      await PartnerStatsModel.collection.insertMany(chunk, { ordered: false });
    } catch (err) {
      const errors = (err as { writeErrors?: { code: number; index: number }[] }).writeErrors ?? [];
      if (errors.length === 0 || errors.some((e) => e.code !== 11000)) throw err;
      const dup = new Set(errors.map((e) => e.index));
      for (const index of dup) await merge(chunk[index]!); // written by the service since we looked
    }
  }
  sink.counts.partner_stats = statsDocs.length;
  await sink.done();

  // ---- case reference counters: the service goes on after the seeded references
  for (const [key, seq] of counters) await CounterModel.collection.updateOne({ _id: key } as never, { $set: { seq } }, { upsert: true });

  const ms = performance.now() - started;
  const docs = Object.values(sink.counts).reduce((a, b) => a + b, 0);
  log(`  wrote ${docs.toLocaleString('en')} documents in ${(ms / 1000).toFixed(1)} s (${(docs / (ms / 1000)).toFixed(0)} docs/s); ${lone.toLocaleString('en')} calls without a case`);

  // ---- summary documents the service keeps beside the data (rebuilt by the service's own functions)
  const rebuilt: string[] = [];
  const rebuildSeconds: Record<string, number> = {};
  const notAvailable: string[] = [];
  const rebuild = async (name: string, ...args: unknown[]) => {
    const f = fn<(...a: unknown[]) => Promise<unknown>>(name);
    if (!f) {
      notAvailable.push(name);
      log(`  @hotline/db has no ${name}() yet: not rebuilt`);
      return;
    }
    const t = performance.now();
    await f(...args);
    rebuilt.push(name);
    rebuildSeconds[name] = Math.round((performance.now() - t) / 100) / 10;
    log(`  ${name}() in ${rebuildSeconds[name]} s`);
  };
  await rebuild('rebuildCaseMonths', [...caseMonthRows.values()]);
  await rebuild('rebuildCaseQueueCounts');
  await rebuild('rebuildCaseSearchKeys');
  await rebuild('rebuildCallerCalls', callerCallRows);
  await rebuild('rebuildSlaCounts');
  // The report's daily rollups: the year was written past the case outbox relay, so they are recounted from what it wrote.
  await rebuild('rebuildRollups');

  const fieldChecks = Object.values(fits).map((f) => f.check).filter((c): c is FieldCheck => c !== null);
  return {
    counts: sink.counts, docs, ms: Math.round(ms), docsPerSecond: Math.round(docs / (ms / 1000)),
    probe: { docs: probeDocs, ms: Math.round(probeMs), docsPerSecond: Math.round(probeRate) },
    openCases, pendingDeadlines: made.pending, fieldChecks, rebuilt, rebuildSeconds, notAvailable,
  };
}
