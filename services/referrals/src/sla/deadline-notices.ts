/**
 * What a claimed deadline step tells people: a timeline event on the case
 * (deterministic id, so a re-run writes it once), a socket event to the right
 * rooms, an SMS reminder to the partner (one message record per deadline,
 * reminder and referral, so a re-run never sends twice), and for a reoffer a
 * new routing round. Runs after the claim; a crash before the effect is
 * cleared is finished by the reconciler's sweep.
 */
import { caseRoom, provinceAudience, slaReminderSmsText, type TEscalationAudience } from '@hotline/core';
import {
  CaseModel, claimMessage, findCaseById, findPartnerById, markMessageFailed, markMessageSent, ReferralModel, relayCaseOutbox, SYSTEM_ACTOR,
  toCaseCard, toDeadlineView, UserModel, withOutbox, type CaseDoc, type DeadlineDoc, type DeadlineEffect, type OutboxEntry, type PartnerDoc, type ReferralDoc,
} from '@hotline/db';
import { PermanentSendError } from '@hotline/telephony';
import type { ReferralDeps } from '../referral-deps';
import { rerouteCase } from '../route-case';
import { webhookUrls } from '../send-notice';

/** Dated when the step was claimed, so the timeline keeps the steps' order whoever sends their notices. */
async function timeline(caseId: DeadlineDoc['caseId'], eventId: string, type: string, data: Record<string, unknown>, at: Date): Promise<void> {
  const entry: OutboxEntry = { eventId, type, actor: SYSTEM_ACTOR, at: new Date(at), data };
  const updated = await CaseModel.findOneAndUpdate({ _id: caseId }, withOutbox({}, [entry]), { new: true }).lean();
  if (updated) await relayCaseOutbox(updated);
}

const ROLE_OF: Partial<Record<TEscalationAudience, 'supervisor' | 'manager'>> = { province_supervisors: 'supervisor', province_managers: 'manager' };

/** The user rooms of a province's supervisors or managers. */
async function staffRooms(role: 'supervisor' | 'manager', provinceCode: string): Promise<string[]> {
  const users = await UserModel.find({ role, active: true, $or: [{ provinces: provinceCode }, { allProvinces: true }] }, { _id: 1 }).lean();
  return users.map((u) => `user:${u._id.toHexString()}`);
}

/** The referrals a reminder is for: the open offers for accept, the accepted one afterwards. */
async function remindedReferrals(d: DeadlineDoc, kase: CaseDoc): Promise<ReferralDoc[]> {
  if (d.kind === 'accept') return ReferralModel.find({ caseId: kase._id, status: 'offered' }).lean<ReferralDoc[]>();
  // A reunification visit is the facility's, whatever became of the case or the referral since.
  if (d.kind === 'reunification_visit') return d.referralId ? ReferralModel.find({ _id: d.referralId }).lean<ReferralDoc[]>() : [];
  if (!kase.acceptedReferralId) return [];
  return ReferralModel.find({ _id: kase.acceptedReferralId, status: { $in: ['accepted', 'contacted'] } }).lean<ReferralDoc[]>();
}

const partnerRooms = (p: PartnerDoc) => [`partner:${p._id.toHexString()}`, ...(p.userId ? [`user:${p.userId.toHexString()}`] : [])];

async function smsReminder(deps: ReferralDeps, d: DeadlineDoc, kase: CaseDoc, r: ReferralDoc, partner: PartnerDoc, index: number): Promise<'sent' | 'already_sent' | 'no_sms' | 'failed'> {
  const to = partner.phones[0];
  if (!to || !partner.channels.includes('sms')) return 'no_sms';
  const msg = await claimMessage({
    idempotencyKey: `sla-${d._id.toHexString()}-r${index}-${r._id.toHexString()}`,
    referralId: r._id, partnerId: partner._id, channel: 'sms', step: index, provider: deps.telephony.sms.provider,
  });
  if (msg.status !== 'pending') return 'already_sent';
  const body = slaReminderSmsText({ reference: kase.reference, kind: d.kind, dueAt: d.dueAt, now: new Date(), code: d.kind === 'accept' ? r.code : null });
  try {
    const sent = await deps.telephony.sms.send({ to, body, statusCallbackUrl: webhookUrls(deps.env.PUBLIC_BASE_URL, r._id.toHexString()).smsStatus });
    await markMessageSent(msg._id, sent.providerId, 'queued');
    return 'sent';
  } catch (err) {
    await markMessageFailed(msg._id, (err as Error).message);
    if (err instanceof PermanentSendError) return 'failed';
    throw err;
  }
}

/** `known`: the case as the caller just read it (saves a read); otherwise it is read here. */
export async function performDeadlineEffect(deps: ReferralDeps, d: DeadlineDoc, effect: DeadlineEffect, known?: CaseDoc | null): Promise<void> {
  const kase = known ?? (await findCaseById(d.caseId));
  if (!kase) return;
  const card = toCaseCard(kase);
  const view = toDeadlineView(d);
  const eventId = `sla-${d._id.toHexString()}-${effect.id}`;
  const base = { deadlineId: view.id, key: d.key, kind: d.kind, dueAt: view.dueAt, riskLevel: d.riskLevel };
  const caseRooms = [caseRoom(card.id), ...provinceAudience(card.provinceCode)];

  if (effect.type === 'reminder' || effect.type === 'sms_release') {
    const reminder = d.reminders[effect.index];
    const audience = reminder?.audience ?? 'partner';
    if (audience === 'province_managers') {
      const rooms = [...caseRooms, ...(await staffRooms('manager', card.provinceCode))];
      deps.realtime.emit(rooms, 'sla.warning', { case: card, deadline: view, fraction: reminder?.fraction ?? 0, audience });
      await timeline(d.caseId, eventId, 'sla.reminder', { ...base, index: effect.index, fraction: reminder?.fraction ?? null, audience, sms: 'none' }, effect.at);
      return;
    }
    const referrals = await remindedReferrals(d, kase);
    const rooms = [...caseRooms];
    const sms: Record<string, string> = {};
    const sendNow = effect.type === 'sms_release' || effect.sms === 'send';
    // Each partner's reminder is its own idempotent send: side by side.
    await Promise.all(
      referrals.map(async (r) => {
        const partner = await findPartnerById(r.partnerId);
        if (!partner) return;
        rooms.push(...partnerRooms(partner));
        sms[r.partnerId.toHexString()] = sendNow ? await smsReminder(deps, d, kase, r, partner, effect.index) : effect.sms;
      }),
    );
    if (effect.type === 'reminder') {
      deps.realtime.emit(rooms, 'sla.warning', { case: card, deadline: view, fraction: reminder?.fraction ?? 0, audience });
      await timeline(d.caseId, eventId, 'sla.reminder', {
        ...base, index: effect.index, fraction: reminder?.fraction ?? null, audience, sms: effect.sms,
        ...(effect.sms === 'held' && d.heldSms ? { smsReleaseAt: new Date(d.heldSms.releaseAt).toISOString() } : {}),
        partners: referrals.map((r) => r.partnerId.toHexString()),
      }, effect.at);
    } else {
      await timeline(d.caseId, eventId, 'sla.reminder_sms_released', { ...base, index: effect.index, partners: Object.keys(sms) }, effect.at);
    }
    deps.log('info', { deadlineId: view.id, step: effect.id, sms: Object.values(sms) }, 'sla reminder');
    return;
  }

  if (effect.type === 'breach') {
    const partners = await Promise.all((await remindedReferrals(d, kase)).map((r) => findPartnerById(r.partnerId)));
    const rooms = [...caseRooms, ...partners.flatMap((p) => (p ? partnerRooms(p) : []))];
    deps.realtime.emit(rooms, 'sla.breached', { case: card, deadline: view });
    await timeline(d.caseId, eventId, 'sla.breached', { ...base, breachedAt: d.breachedAt?.toISOString() ?? null }, effect.at);
    deps.log('warn', { deadlineId: view.id, caseId: card.id, kind: d.kind }, 'sla deadline breached');
    return;
  }

  const step = d.escalation.find((e) => e.level === effect.level);
  if (!step) return;
  const role = ROLE_OF[step.audience];
  const rooms = [...caseRooms, ...(role ? await staffRooms(role, card.provinceCode) : [])];
  let round: number | null = null;
  if (step.action === 'reoffer' && d.kind === 'accept' && kase.status !== 'closed' && !kase.acceptedReferralId) {
    round = await rerouteCase(deps, kase._id);
  }
  deps.realtime.emit(rooms, 'sla.breached', { case: card, deadline: view, escalation: { level: step.level, action: step.action, audience: step.audience } });
  await timeline(d.caseId, eventId, 'sla.escalated', { ...base, level: step.level, action: step.action, audience: step.audience, ...(round ? { round } : {}) }, effect.at);
  deps.log('warn', { deadlineId: view.id, caseId: card.id, level: step.level, action: step.action }, 'sla deadline escalated');
}
