/**
 * Recomputes the daily rollups from the source collections (calls, cases,
 * timeline events, referrals, deadlines), markers included, so the live
 * updates that follow stay idempotent. For after a restore or an import
 * that bypassed the relay (the scale benchmark's year), or to repair.
 */
import { PROVINCE_CODES } from '@hotline/core';
import { CallModel } from '../models/call';
import { CaseModel } from '../models/case';
import { DailyRollupModel, type DailyRollupDoc } from '../models/daily-rollup';
import { DeadlineModel } from '../models/deadline';
import { PartnerModel } from '../models/partner';
import { ReferralModel, type ReferralDoc } from '../models/referral';
import { TimelineEventModel } from '../models/timeline-event';
import { callLine, closedLine, deadlineLine, openedLine, referralLine, rollupId, ROLLUP_CASE_FIELDS, type RollupCase, type RollupLine } from './rollups';
import type { ReferralOutcome } from './rollup-keys';
import { replaceCompacts } from './rollup-compaction';

const REFERRAL_TYPES: Record<string, ReferralOutcome | 'contacted'> = {
  'referral.offered': 'offered', 'referral.accepted': 'accepted', 'referral.declined': 'declined', 'referral.expired': 'expired', 'referral.contacted': 'contacted',
};

/** Every rollup document as the source collections say it should be, by `_id`. */
export async function recountRollups(provinces: readonly string[] = PROVINCE_CODES): Promise<Map<string, DailyRollupDoc>> {
  const docs = new Map<string, DailyRollupDoc>();
  const add = (line: RollupLine | null) => {
    if (!line) return;
    const _id = rollupId(line.day, line.provinceCode);
    let d = docs.get(_id);
    if (!d) docs.set(_id, (d = { _id, day: line.day, month: line.day.slice(0, 7), provinceCode: line.provinceCode, c: {}, ev: [] }));
    if (d.ev.includes(line.marker)) return;
    d.ev.push(line.marker);
    for (const [k, n] of Object.entries(line.inc)) d.c[k] = (d.c[k] ?? 0) + n;
  };
  const cases = new Map<string, RollupCase>();
  const referrals = new Map<string, ReferralDoc & { kind: string }>();
  for (const provinceCode of provinces) {
    for (const c of await CaseModel.find({ provinceCode }, ROLLUP_CASE_FIELDS).lean<RollupCase[]>()) {
      cases.set(c._id.toHexString(), c);
      add(openedLine(c));
    }
    const calls = await CallModel.find({ provinceCode }, { channel: 1, outcome: 1, provinceCode: 1, startedAt: 1, callerPhoneHash: 1 }).lean();
    calls.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    const firstCall = new Map<string, number>();
    for (const call of calls) {
      const first = call.callerPhoneHash ? firstCall.get(call.callerPhoneHash) : undefined;
      if (call.callerPhoneHash && first === undefined) firstCall.set(call.callerPhoneHash, call.startedAt.getTime());
      add(callLine(call, first !== undefined && first < call.startedAt.getTime()));
    }
    for (const d of await DeadlineModel.find({ provinceCode }, { provinceCode: 1, category: 1, riskLevel: 1, kind: 1, state: 1, metAt: 1, breachedAt: 1 }).lean()) add(deadlineLine(d));
    for (const p of await PartnerModel.find({ provinceCode }, { kind: 1 }).lean()) {
      for (const r of await ReferralModel.find({ partnerId: p._id }, { reason: 0 }).lean()) referrals.set(r._id.toHexString(), { ...r, kind: p.kind });
    }
  }
  for (const e of await TimelineEventModel.find({ type: 'case.status_changed' }, { caseId: 1, at: 1, data: 1 }).lean()) {
    const c = cases.get(String(e.caseId));
    if (c && (e.data as { to?: string }).to === 'closed') add(closedLine(c, String(e._id), e.at));
  }
  for (const [type, outcome] of Object.entries(REFERRAL_TYPES)) {
    for (const e of await TimelineEventModel.find({ type }, { caseId: 1, at: 1, data: 1 }).lean()) {
      const c = cases.get(String(e.caseId));
      const r = referrals.get(String((e.data as { referralId?: string }).referralId));
      if (c && r) add(referralLine(r, c.category, r.kind, outcome, e.at));
    }
  }
  return docs;
}

/**
 * Replaces every rollup document of `provinces` with its recount (new ones inserted in batches,
 * existing ones replaced, ones the sources no longer give deleted), then the compacted days and
 * months from them; returns how many daily documents there are.
 */
export async function rebuildRollups(provinces: readonly string[] = PROVINCE_CODES): Promise<number> {
  const docs = await recountRollups(provinces);
  const existing = new Set<string>();
  for (const provinceCode of provinces) for (const d of await DailyRollupModel.find({ provinceCode }, { _id: 1 }).lean()) existing.add(d._id);
  const all = [...docs.values()];
  const fresh = all.filter((d) => !existing.has(d._id));
  const replace = async (batch: DailyRollupDoc[]) =>
    DailyRollupModel.collection.bulkWrite(batch.map((d) => ({ replaceOne: { filter: { _id: d._id } as never, replacement: d as never, upsert: true } })), { ordered: false });
  for (let i = 0; i < fresh.length; i += 1000) {
    const batch = fresh.slice(i, i + 1000);
    try {
      await DailyRollupModel.collection.insertMany(batch as never, { ordered: false });
    } catch (err) {
      // A live update wrote one of these days meanwhile: those are replaced with the recount.
      if ((err as { code?: number; writeErrors?: unknown[] }).writeErrors === undefined) throw err;
      await replace(batch);
    }
  }
  const stale = all.filter((d) => existing.has(d._id));
  for (let i = 0; i < stale.length; i += 500) await replace(stale.slice(i, i + 500));
  for (const id of existing) if (!docs.has(id)) await DailyRollupModel.deleteOne({ _id: id });
  // The compacted days and months the reports read, from the rebuilt days.
  await replaceCompacts(all, provinces);
  return all.length;
}
