/**
 * What must hold after every drill, read from the database through
 * @hotline/db's models (and from the fake Twilio's records):
 * - every call the load got a 2xx for is stored exactly once, under the id the answer named;
 * - every case was triaged once and routed (or marked unroutable) once per round:
 *   one `case.opened`, one `case.triaged`, referrals unique per (case, round, slot)
 *   and at most the round's offers, one `referral.offered` per referral, every
 *   round after the first caused by something (a decline/expiry or an SLA reoffer);
 * - no referral notice or SMS sent twice: every SMS/call the fake Twilio
 *   received is recorded once in `messages`, one offer SMS per referral, one
 *   voice call per referral; every open offer's current notice went out;
 *   delivery statuses never went back;
 * - every deadline that fell due fired once and only once: none pending past
 *   its due time, no timer overdue, one `sla.breached` per breach, one
 *   `sla.escalated` per level taken, at most one reminder per index, no claimed
 *   step left unsent;
 * - one timeline event per change (the semantic duplicates above; the event
 *   ids themselves are the collection's `_id`).
 * Each finding has a stable key, so a later check tells which drill made it.
 */
import {
  CallModel, CaseModel, DeadlineModel, MessageModel, ReferralModel, RoutingDecisionModel, TimelineEventModel,
  type CaseDoc, type DeadlineDoc, type MessageDoc, type ReferralDoc,
} from '@hotline/db';
import type { Load } from './load';
import { request } from './http';
import type { ChaosStack } from './stack';

type FindingKind = 'lost' | 'duplicated' | 'stuck';
export interface Finding {
  key: string;
  kind: FindingKind;
  what: string;
}

/** A due step fires within this long of its time; later than that and still undone after quiescence, it is lost. */
const GRACE_MS = 5000;
const offersAtOnce = (risk: string) => (risk === 'emergency' ? 2 : 1);
const ACCEPT_LIKE = new Set(['accepted', 'contacted', 'completed']);

function countBy<T>(xs: T[], key: (x: T) => string | null): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) {
    const k = key(x);
    if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

interface TimelineRow {
  _id: string;
  caseId: { toHexString(): string };
  type: string;
  at: Date;
  data: Record<string, any>;
}

/** What is still in flight: zero everywhere means the system has caught up. */
export async function backlog(now = Date.now()): Promise<Record<string, number>> {
  const [fresh, triaged, pendingOutbox, timed, effects, offered] = await Promise.all([
    CaseModel.find({ status: 'new' }, { _id: 1, createdAt: 1 }).lean(),
    CaseModel.find({ status: 'triaged', routingRound: 0 }, { _id: 1, category: 1, updatedAt: 1 }).lean(),
    CaseModel.find({ outboxPending: true }, { outbox: 1 }).lean(),
    DeadlineModel.find({ timed: true }, { nextAt: 1, state: 1 }).lean(),
    DeadlineModel.find({ effectsPending: true }, { effects: 1 }).lean(),
    ReferralModel.find({ status: 'offered' }, { _id: 1, channels: 1, channelStep: 1, updatedAt: 1 }).lean(),
  ]);
  const notices = await unsentNotices(offered, now);
  return {
    newCases: fresh.length,
    unrouted: triaged.filter((c) => c.category !== 'information_request').length,
    outbox: pendingOutbox.filter((c) => (c.outbox?.length ?? 0) > 0).length,
    overdueTimers: timed.filter((d) => (d.state === 'pending' || d.state === 'breached') && d.nextAt && d.nextAt.getTime() < now - 3000).length,
    unsentEffects: effects.filter((d) => (d.effects?.length ?? 0) > 0).length,
    unsentNotices: notices.length,
  };
}

/** Open offers whose current notice has no sent message record (older than a few seconds). */
async function unsentNotices(offered: ReferralDoc[], now: number): Promise<ReferralDoc[]> {
  if (!offered.length) return [];
  const msgs = await MessageModel.find({ referralId: { $in: offered.map((r) => r._id) } }, { idempotencyKey: 1, status: 1 }).lean();
  const sent = new Set(msgs.filter((m) => m.status !== 'pending').map((m) => m.idempotencyKey));
  return offered.filter((r) => {
    const channel = r.channels[r.channelStep];
    if (!channel) return false;
    const key = `${r._id.toHexString()}-${channel}-${r.channelStep}`;
    return !sent.has(key) && now - new Date(r.updatedAt).getTime() > 10_000;
  });
}

/** Unrouted cases older than a few seconds: what "the backlog is empty" means under a load that keeps adding cases. */
export async function unroutedBacklog(now = Date.now()): Promise<number> {
  const [fresh, triaged] = await Promise.all([
    CaseModel.find({ status: 'new' }, { createdAt: 1 }).lean(),
    CaseModel.find({ status: 'triaged', routingRound: 0 }, { category: 1, updatedAt: 1 }).lean(),
  ]);
  const old = (d: Date) => now - d.getTime() > 3000;
  return fresh.filter((c) => old(c.createdAt)).length + triaged.filter((c) => c.category !== 'information_request' && old(c.updatedAt)).length;
}

export async function checkInvariants(stack: ChaosStack, load: Load): Promise<{ findings: Finding[]; figures: Record<string, number> }> {
  const now = Date.now();
  const out: Finding[] = [];
  const add = (kind: FindingKind, key: string, what: string) => out.push({ kind, key, what });

  // The fake's records first: a send it holds then is recorded in the database a moment later at most
  // (sends younger than a few seconds are left for the next check).
  const fakeAll = await fakeRecords(stack);
  const settled = (x: { dateCreated: string }) => new Date(x.dateCreated).getTime() < now - 5000;
  const fake = { messages: fakeAll.messages.filter(settled), calls: fakeAll.calls.filter(settled) };
  const [calls, cases, referrals, decisions, timeline, deadlines, messages] = await Promise.all([
    CallModel.find({}, { intakeKey: 1, caseId: 1 }).lean(),
    CaseModel.find({}, { status: 1, category: 1, riskLevel: 1, routingRound: 1, routingState: 1, acceptedReferralId: 1, outbox: 1, outboxPending: 1, createdAt: 1 }).lean<CaseDoc[]>(),
    ReferralModel.find({}).lean<ReferralDoc[]>(),
    RoutingDecisionModel.find({}, { caseId: 1, round: 1 }).lean(),
    TimelineEventModel.find({}, { caseId: 1, type: 1, at: 1, data: 1 }).lean<TimelineRow[]>(),
    DeadlineModel.find({}).lean<DeadlineDoc[]>(),
    MessageModel.find({}).lean<MessageDoc[]>(),
  ]);

  // ---- calls ---------------------------------------------------------------
  const callsByKey = countBy(calls, (c) => c.intakeKey);
  const callById = new Map(calls.map((c) => [c._id.toHexString(), c]));
  for (const a of load.accepted.values()) {
    const n = callsByKey.get(a.intakeKey) ?? 0;
    if (n === 0) add('lost', `call:${a.intakeKey}`, `call ${a.intakeKey} answered 2xx is not stored`);
    else if (n > 1) add('duplicated', `call:${a.intakeKey}`, `call ${a.intakeKey} stored ${n} times`);
    const stored = callById.get(a.callId);
    if (n > 0 && !stored) {
      add('lost', `call-id:${a.intakeKey}`, `the 2xx answer${a.replayed ? ' to a repeat submit' : ''} named call ${a.callId}, which does not exist (call ${a.intakeKey} is stored under another id)`);
    } else if (stored && a.caseId && stored.caseId?.toHexString() !== a.caseId) {
      add('lost', `call-case:${a.intakeKey}`, `call ${a.callId} is stored with case ${stored.caseId?.toHexString()}, the answer said ${a.caseId}`);
    }
  }

  // ---- cases, rounds, timeline ---------------------------------------------
  const events = new Map<string, TimelineRow[]>();
  for (const e of timeline) {
    const k = e.caseId.toHexString();
    if (!events.has(k)) events.set(k, []);
    events.get(k)!.push(e);
  }
  const refsByCase = new Map<string, ReferralDoc[]>();
  for (const r of referrals) {
    const k = r.caseId.toHexString();
    if (!refsByCase.has(k)) refsByCase.set(k, []);
    refsByCase.get(k)!.push(r);
  }
  const decisionRounds = countBy(decisions, (d) => `${d.caseId.toHexString()}:${d.round}`);
  for (const c of cases) {
    const id = c._id.toHexString();
    const ev = events.get(id) ?? [];
    const pending = (c.outbox ?? []) as Array<{ eventId: string; type: string; at: Date; data: Record<string, any> }>;
    const all = [
      ...ev.map((e) => ({ id: e._id, type: e.type, at: new Date(e.at).getTime(), data: e.data })),
      ...pending.filter((p) => !ev.some((e) => e._id === p.eventId)).map((p) => ({ id: p.eventId, type: p.type, at: new Date(p.at).getTime(), data: p.data })),
    ];
    const ofType = (t: string) => all.filter((e) => e.type === t);
    const referable = c.category !== 'information_request';
    if (c.status === 'new') add('lost', `case-new:${id}`, `case ${id} (${c.riskLevel}) was never triaged`);
    else if (referable && c.status === 'triaged' && c.routingRound === 0) add('lost', `case-unrouted:${id}`, `case ${id} (${c.riskLevel}) was triaged but never routed`);
    if (pending.length && ev.length === 0) add('stuck', `outbox:${id}`, `case ${id}: outbox never relayed`);
    const opened = ofType('case.opened').length;
    if (opened !== 1) add(opened ? 'duplicated' : 'lost', `case-opened:${id}`, `case ${id} has ${opened} case.opened events`);
    const triaged = ofType('case.triaged').length;
    if (c.status !== 'new' && triaged !== 1) add(triaged ? 'duplicated' : 'lost', `case-triaged:${id}`, `case ${id} has ${triaged} case.triaged events`);

    const refs = refsByCase.get(id) ?? [];
    const unroutable = countBy(ofType('routing.unroutable'), (e) => String(e.data.round));
    for (const [round, n] of unroutable) if (n > 1) add('duplicated', `unroutable:${id}:${round}`, `case ${id} round ${round} marked unroutable ${n} times`);
    const offeredEv = countBy(ofType('referral.offered'), (e) => String(e.data.referralId));
    const roundsSeen = new Set<number>();
    for (const r of refs) roundsSeen.add(r.round);
    for (const round of roundsSeen) {
      const inRound = refs.filter((r) => r.round === round);
      if (inRound.length > offersAtOnce(c.riskLevel)) add('duplicated', `round-offers:${id}:${round}`, `case ${id} round ${round}: ${inRound.length} referrals (at most ${offersAtOnce(c.riskLevel)})`);
      if ((decisionRounds.get(`${id}:${round}`) ?? 0) !== 1) add('lost', `decision:${id}:${round}`, `case ${id} round ${round}: ${decisionRounds.get(`${id}:${round}`) ?? 0} routing decisions`);
    }
    for (const r of refs) {
      const rid = r._id.toHexString();
      const n = offeredEv.get(rid) ?? 0;
      if (n !== 1 && c.routingRound >= r.round) add(n ? 'duplicated' : 'lost', `offered-event:${rid}`, `referral ${rid} (case ${id} round ${r.round}) has ${n} referral.offered events`);
      for (const t of ['referral.accepted', 'referral.declined', 'referral.expired']) {
        const k = all.filter((e) => e.type === t && e.data.referralId === rid).length;
        if (k > 1) add('duplicated', `${t}:${rid}`, `referral ${rid} has ${k} ${t} events`);
      }
      if (c.acceptedReferralId?.equals(r._id) && ACCEPT_LIKE.has(r.status)) {
        const k = all.filter((e) => e.type === 'referral.accepted' && e.data.referralId === rid).length;
        if (k !== 1) add(k ? 'duplicated' : 'lost', `accepted-event:${rid}`, `accepted referral ${rid} has ${k} referral.accepted events`);
      }
    }
    // An accepted case is not offered again while its acceptance stands (a routing round asked for before the
    // acceptance and run after it would reset the case to referred and send the offer to another partner).
    let holder: string | null = null;
    for (const e of [...all].sort((a, b) => a.at - b.at)) {
      if (e.type === 'referral.accepted') holder = String(e.data.referralId);
      else if (holder && e.data.referralId === holder && ['referral.withdrawn', 'referral.cancelled', 'referral.declined', 'referral.expired'].includes(e.type)) holder = null;
      else if (holder && e.type === 'case.status_changed' && e.data.to === 'closed') holder = null;
      else if (holder && e.type === 'referral.offered') {
        add('duplicated', `offer-after-accept:${id}:${e.data.round}`, `case ${id}: round ${e.data.round} offered (referral ${e.data.referralId}) while referral ${holder} stood accepted`);
        holder = null;
      }
    }
    // Every round after the first has a cause: the previous round's offers all declined or expired, an SLA reoffer asking for it, or an unroutable round before.
    const reoffers = new Set(ofType('sla.escalated').filter((e) => e.data.action === 'reoffer' && e.data.round).map((e) => Number(e.data.round)));
    for (let round = 2; round <= c.routingRound; round++) {
      const prev = refs.filter((r) => r.round === round - 1);
      const prevEnded = prev.length > 0 && prev.every((r) => r.status === 'declined' || r.status === 'expired' || r.status === 'withdrawn' || r.status === 'cancelled');
      if (!reoffers.has(round) && !prevEnded && !unroutable.has(String(round - 1))) {
        add('duplicated', `round-cause:${id}:${round}`, `case ${id} round ${round} has no cause (round ${round - 1}: ${prev.map((r) => r.status).join(',') || 'no referrals'}; reoffers asked for rounds ${[...reoffers].join(',') || 'none'})`);
      }
    }

    // SLA steps on this case's timeline.
    const breaches = countBy(ofType('sla.breached'), (e) => String(e.data.deadlineId));
    const escalations = countBy(ofType('sla.escalated'), (e) => `${e.data.deadlineId}:${e.data.level}`);
    const reminders = countBy(ofType('sla.reminder'), (e) => `${e.data.deadlineId}:${e.data.index}`);
    for (const [k, n] of reminders) if (n > 1) add('duplicated', `reminder:${k}`, `deadline reminder ${k} on the timeline ${n} times`);
    for (const d of deadlines.filter((x) => x.caseId.equals(c._id))) {
      const did = d._id.toHexString();
      const b = breaches.get(did) ?? 0;
      if (d.breachedAt && b !== 1) add(b ? 'duplicated' : 'lost', `breach-event:${did}`, `deadline ${did} (${d.kind}, case ${id}) breached with ${b} sla.breached events`);
      if (!d.breachedAt && b > 0) add('duplicated', `breach-event:${did}`, `deadline ${did} not breached but ${b} sla.breached events`);
      for (const step of d.escalation) {
        const n = escalations.get(`${did}:${step.level}`) ?? 0;
        if (step.level <= d.escalationLevel && n !== 1) add(n ? 'duplicated' : 'lost', `escalation-event:${did}:${step.level}`, `deadline ${did} escalation level ${step.level} (${step.action}) has ${n} sla.escalated events`);
        if (step.level > d.escalationLevel && n > 0) add('duplicated', `escalation-event:${did}:${step.level}`, `deadline ${did} escalation level ${step.level} not taken but on the timeline ${n} times`);
      }
    }
  }

  // ---- deadlines -------------------------------------------------------------
  for (const d of deadlines) {
    const did = d._id.toHexString();
    if (d.state === 'pending' && d.dueAt.getTime() < now - GRACE_MS) add('lost', `deadline-due:${did}`, `deadline ${did} (${d.kind}, ${d.riskLevel}) fell due ${Math.round((now - d.dueAt.getTime()) / 1000)} s ago and never fired`);
    else if ((d.state === 'pending' || d.state === 'breached') && d.nextAt && d.nextAt.getTime() < now - GRACE_MS) {
      add('lost', `deadline-timer:${did}`, `deadline ${did} (${d.kind}, ${d.state}, level ${d.escalationLevel}): its step due ${Math.round((now - d.nextAt.getTime()) / 1000)} s ago never ran`);
    }
    if ((d.effects ?? []).length) add('stuck', `deadline-effects:${did}`, `deadline ${did}: claimed steps ${d.effects.map((e) => e.id).join(',')} never sent`);
  }

  // ---- notices: messages and the fake Twilio's records ------------------------
  const outbound = messages.filter((m) => m.direction === 'outbound');
  const byProvider = countBy(outbound, (m) => m.providerId);
  const offeredNow = referrals.filter((r) => r.status === 'offered');
  for (const r of await unsentNotices(offeredNow, now)) add('lost', `notice:${r._id.toHexString()}:${r.channelStep}`, `open offer ${r._id.toHexString()}: its ${r.channels[r.channelStep]} notice (step ${r.channelStep}) never went out`);
  const codeOf = new Map(referrals.map((r) => [r.code, r._id.toHexString()]));
  const smsPerReferral = new Map<string, number>();
  // A provider record no message record names: the same notice sent again (duplicated), or a send whose
  // record stayed pending (the process died between the provider's answer and writing it down: stuck).
  const partnerByPhone = new Map<string, string>();
  for (const p of load.partnerList) for (const phone of p.phones) partnerByPhone.set(phone, p._id.toHexString());
  const unrecordedOf = (to: string, channel: string, at: Date) => {
    const pid = partnerByPhone.get(to);
    return outbound.filter((x) => x.partnerId?.toHexString() === pid && x.channel === channel && !x.providerId && new Date(x.createdAt).getTime() <= at.getTime() + 1000);
  };
  for (const m of fake.messages) {
    if (m.direction !== 'outbound-api') continue;
    const refs = byProvider.get(m.sid) ?? 0;
    if (refs === 0) {
      const open = unrecordedOf(m.to, 'sms', new Date(m.dateCreated));
      if (open.length) add('stuck', `sms-unrecorded:${m.sid}`, `SMS ${m.sid} to ${m.to} was sent but its record ${open.map((x) => x.idempotencyKey).join(' or ')} stayed ${open[0]!.status} without it: "${String(m.body).slice(0, 50)}…"`);
      else add('duplicated', `sms-orphan:${m.sid}`, `SMS ${m.sid} to ${m.to} reached Twilio but no message record names it and none is left unrecorded (a second send of one notice): "${String(m.body).slice(0, 60)}…"`);
    }
    if (refs > 1) add('duplicated', `sms-records:${m.sid}`, `SMS ${m.sid} recorded ${refs} times`);
    const code = /"1 ([A-Z0-9]+)"/.exec(String(m.body))?.[1];
    if (code && String(m.body).startsWith('[111] Ca ')) smsPerReferral.set(code, (smsPerReferral.get(code) ?? 0) + 1);
  }
  for (const [code, n] of smsPerReferral) if (n > 1) add('duplicated', `offer-sms:${code}`, `referral ${codeOf.get(code) ?? code}: its offer SMS was sent ${n} times`);
  const callsPerReferral = countBy(fake.calls, (c) => /referralId=([0-9a-f]{24})/.exec(String(c.url))?.[1] ?? null);
  for (const [rid, n] of callsPerReferral) if (n > 1) add('duplicated', `voice:${rid}`, `referral ${rid}: its voice offer called ${n} times`);
  for (const c of fake.calls) {
    if (byProvider.get(c.sid)) continue;
    const open = unrecordedOf(c.to, 'voice', new Date(c.dateCreated));
    if (open.length) add('stuck', `call-unrecorded:${c.sid}`, `voice call ${c.sid} to ${c.to} was placed but its record ${open.map((x) => x.idempotencyKey).join(' or ')} stayed ${open[0]!.status} without it`);
    else {
      const rid = /referralId=([0-9a-f]{24})/.exec(String(c.url))?.[1];
      const records = outbound.filter((x) => x.referralId?.toHexString() === rid).map((x) => `${x.idempotencyKey}=${x.status}/${x.providerId}`);
      add('duplicated', `call-orphan:${c.sid}`, `voice call ${c.sid} (${c.status}, created ${new Date(c.dateCreated).toISOString()}) for referral ${rid} reached Twilio but no message record names it and none is left unrecorded; the referral's records: ${records.join(', ') || 'none'}`);
    }
  }
  // Delivery statuses: whatever a callback delivered (2xx) is never lowered by a late or repeated one.
  const bySid = new Map(outbound.filter((m) => m.providerId).map((m) => [m.providerId!, m]));
  for (const [sid, rank] of load.statusDelivered) {
    const m = bySid.get(sid);
    if (m && m.statusRank < rank) add('lost', `status:${sid}`, `SMS ${sid}: status ${m.status} (rank ${m.statusRank}) after a callback delivered rank ${rank}`);
  }

  return {
    findings: out,
    figures: {
      calls: calls.length, acceptedCalls: load.accepted.size, cases: cases.length, referrals: referrals.length, timelineEvents: timeline.length,
      deadlines: deadlines.length, deadlinesBreached: deadlines.filter((d) => d.breachedAt).length, escalations: deadlines.reduce((s, d) => s + d.escalationLevel, 0),
      messages: outbound.length, fakeSms: fake.messages.filter((m) => m.direction === 'outbound-api').length, fakeCalls: fake.calls.length,
    },
  };
}

async function fakeRecords(stack: ChaosStack): Promise<{ messages: any[]; calls: any[] }> {
  const get = async (what: string) => {
    const r = await request(stack.fakeUrl, { method: 'GET', path: `/_fake/${what}`, timeoutMs: 30_000 });
    if (r.status !== 200) throw new Error(`fake Twilio /_fake/${what}: ${r.status}`);
    return r.json()[what] as any[];
  };
  return { messages: await get('messages'), calls: await get('calls') };
}
