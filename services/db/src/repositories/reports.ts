/**
 * The managers' report: every figure summed from the daily rollups of the
 * provinces in scope (never from the calls and cases themselves), targets
 * compared with the year to date, and the case list behind an export
 * (no names, no narratives).
 */
import {
  CALL_CHANNELS, HOTLINE_TARGET_FIGURES, percentOf, vietnamDay, reportDayStart,
  type TCategory, type TPersonGroup, type TReportFilters, type TReportSummary, type TRiskLevel, type TTargetFigure,
} from '@hotline/core';
import { CaseModel, type CaseDoc } from '../models/case';
import { PartnerModel } from '../models/partner';
import { readRollups } from '../projections/rollups';
import { fromPart, medianFromBuckets } from '../projections/rollup-keys';
import { findByIds } from './by-ids';
import { targetsOf } from './targets';
import { facilityCaredFor } from './report-facility-figures';
import { placementFigures } from './report-placements';

type Counts = Record<string, number>;
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);
const has = <T extends string>(list: readonly T[] | undefined, v: string | null) => !list || list.length === 0 || (v !== null && (list as readonly string[]).includes(v));

/** Sums the counts of every day document into one map per key. */
function sumCounts(docs: { c: Counts }[]): Counts {
  const out: Counts = {};
  for (const d of docs) for (const [k, n] of Object.entries(d.c ?? {})) out[k] = (out[k] ?? 0) + n;
  return out;
}

/** The report's figures from summed counts, with the filters applied where a figure carries the dimension. */
export async function figuresFromCounts(counts: Counts, f: TReportFilters): Promise<Omit<TReportSummary, 'from' | 'to' | 'provinces' | 'targets' | 'placements'>> {
  const calls = new Map<string, number>();
  const cases = new Map<string, { opened: number; closed: number }>();
  const refs = new Map<string, { kind: string; offered: number; accepted: number; declined: number; timedOut: number }>();
  const tta = new Map<number, number>();
  const ttc = new Map<number, number>();
  const sla = new Map<string, { met: number; breached: number }>();
  let repeatCalls = 0;
  for (const [key, n] of Object.entries(counts)) {
    const p = key.split('~');
    switch (p[0]) {
      case 'call':
        if (has(f.channel, p[1]!)) calls.set(`${p[1]}~${p[2]}`, (calls.get(`${p[1]}~${p[2]}`) ?? 0) + n);
        break;
      case 'rep':
        if (has(f.channel, p[1]!)) repeatCalls += n;
        break;
      case 'open':
      case 'close': {
        if (!has(f.category, p[1]!) || !has(f.risk, p[2]!) || !has(f.group, fromPart(p[4]))) break;
        const k = p.slice(1).join('~');
        const row = cases.get(k) ?? { opened: 0, closed: 0 };
        row[p[0] === 'open' ? 'opened' : 'closed'] += n;
        cases.set(k, row);
        break;
      }
      case 'ref': {
        if (!has(f.category, p[1]!)) break;
        const row = refs.get(p[3]!) ?? { kind: p[2]!, offered: 0, accepted: 0, declined: 0, timedOut: 0 };
        const field = p[4] === 'expired' ? 'timedOut' : (p[4] as 'offered' | 'accepted' | 'declined');
        row[field] += n;
        refs.set(p[3]!, row);
        break;
      }
      case 'tta':
      case 'ttc':
        if (has(f.category, p[1]!)) {
          const m = p[0] === 'tta' ? tta : ttc;
          m.set(Number(p[2]), (m.get(Number(p[2])) ?? 0) + n);
        }
        break;
      case 'sla': {
        if (!has(f.category, p[2]!) || !has(f.risk, p[3]!)) break;
        const k = `${p[1]}~${p[2]}~${p[3]}`;
        const row = sla.get(k) ?? { met: 0, breached: 0 };
        row[p[4] === 'met' ? 'met' : 'breached'] += n;
        sla.set(k, row);
        break;
      }
      default:
        // A key of a figure this report does not show.
        break;
    }
  }
  const callRows = [...calls].map(([k, count]) => {
    const [channel, outcome] = k.split('~');
    return { channel, outcome, count } as TReportSummary['calls']['rows'][number];
  }).sort((a, b) => CALL_CHANNELS.indexOf(a.channel) - CALL_CHANNELS.indexOf(b.channel) || b.count - a.count);
  const total = callRows.reduce((a, r) => a + r.count, 0);
  const silentOrPrank = callRows.filter((r) => r.outcome === 'silent' || r.outcome === 'prank').reduce((a, r) => a + r.count, 0);

  const caseRows = [...cases].map(([k, v]) => {
    const [category, riskLevel, commune, group] = k.split('~');
    return { category: category as TCategory, riskLevel: riskLevel as TRiskLevel, communeCode: fromPart(commune), group: fromPart(group) as TPersonGroup | null, ...v };
  }).sort((a, b) => b.opened - a.opened || a.category.localeCompare(b.category));

  const partners = await findByIds(PartnerModel, [...refs.keys()], { name: 1, type: 1, kind: 1 });
  const partnerById = new Map(partners.map((p) => [p._id.toHexString(), p]));
  const refRows = [...refs].map(([partnerId, v]) => {
    const p = partnerById.get(partnerId);
    return {
      partnerId, partnerName: p?.name ?? '', partnerKind: (p?.kind ?? v.kind) as TReportSummary['referrals']['rows'][number]['partnerKind'], partnerType: p?.type ?? '',
      offered: v.offered, accepted: v.accepted, declined: v.declined, timedOut: v.timedOut, acceptanceRate: share(v.accepted, v.offered),
    };
  }).sort((a, b) => b.offered - a.offered || a.partnerId.localeCompare(b.partnerId));
  const byKind = new Map<string, { offered: number; accepted: number; declined: number; timedOut: number }>();
  for (const r of refRows) {
    const k = byKind.get(r.partnerKind) ?? { offered: 0, accepted: 0, declined: 0, timedOut: 0 };
    k.offered += r.offered; k.accepted += r.accepted; k.declined += r.declined; k.timedOut += r.timedOut;
    byKind.set(r.partnerKind, k);
  }
  const slaRows = [...sla].map(([k, v]) => {
    const [kind, category, riskLevel] = k.split('~');
    return { kind, category, riskLevel, ...v, compliance: share(v.met, v.met + v.breached) } as TReportSummary['sla']['rows'][number];
  }).sort((a, b) => a.kind.localeCompare(b.kind) || a.category.localeCompare(b.category) || a.riskLevel.localeCompare(b.riskLevel));
  const legal = slaRows.filter((r) => r.kind === 'legal_clock').reduce((a, r) => ({ met: a.met + r.met, breached: a.breached + r.breached }), { met: 0, breached: 0 });

  return {
    calls: { rows: callRows, total, silentOrPrank, silentOrPrankShare: share(silentOrPrank, total), repeatCalls },
    cases: { rows: caseRows, opened: caseRows.reduce((a, r) => a + r.opened, 0), closed: caseRows.reduce((a, r) => a + r.closed, 0) },
    referrals: {
      rows: refRows,
      byKind: [...byKind].map(([partnerKind, v]) => ({ partnerKind: partnerKind as TReportSummary['referrals']['byKind'][number]['partnerKind'], ...v, acceptanceRate: share(v.accepted, v.offered) })),
      medianMinutesToAccept: medianFromBuckets(tta),
      medianMinutesToFirstContact: medianFromBuckets(ttc),
    },
    sla: { rows: slaRows, legalClock: { ...legal, compliance: share(legal.met, legal.met + legal.breached) } },
  };
}

const hotlineAchieved = (figure: TTargetFigure, s: Awaited<ReturnType<typeof figuresFromCounts>>): number =>
  figure === 'calls_answered' ? s.calls.total
    : figure === 'cases_opened' ? s.cases.opened
      : figure === 'cases_closed' ? s.cases.closed
        : s.referrals.rows.reduce((a, r) => a + r.accepted, 0);

/** Targets of the year `to` falls in, against what was achieved from 1 January to `to` (or today). */
async function targetProgress(provinces: readonly string[], to: string, now: Date): Promise<TReportSummary['targets']> {
  const year = Number(to.slice(0, 4));
  const today = vietnamDay(now);
  const through = to < today ? to : today < `${year}-01-01` ? `${year}-01-01` : today;
  const targets = await targetsOf(provinces, year);
  const rows: TReportSummary['targets']['rows'] = [];
  if (targets.length === 0) return { year, through, rows };
  const docs = await readRollups(provinces, `${year}-01-01`, through);
  const perProvince = new Map<string, Awaited<ReturnType<typeof figuresFromCounts>>>();
  const facilities = targets.some((t) => t.facilityId)
    ? await facilityCaredFor({ provinces: [...provinces] }, { from: reportDayStart(`${year}-01-01`), to: new Date(reportDayStart(through).getTime() + 86_400_000) })
    : [];
  for (const t of targets) {
    let achieved: number;
    if ((HOTLINE_TARGET_FIGURES as readonly string[]).includes(t.figure)) {
      let s = perProvince.get(t.provinceCode);
      if (!s) perProvince.set(t.provinceCode, (s = await figuresFromCounts(sumCounts(docs.filter((d) => d.provinceCode === t.provinceCode)), {} as TReportFilters)));
      achieved = hotlineAchieved(t.figure, s);
    } else {
      achieved = facilities.filter((f) => f.facilityId === t.facilityId && f.group === t.group).reduce((a, f) => a + f.count, 0);
    }
    rows.push({ figure: t.figure, provinceCode: t.provinceCode, facilityId: t.facilityId, group: t.group, target: t.target, achieved, percent: percentOf(achieved, t.target) });
  }
  return { year, through, rows };
}

/** The report over `provinces` (already limited to what the user sees) for the days from..to. */
export async function reportSummary(provinces: readonly string[], q: TReportFilters & { from: string; to: string }, now = new Date()): Promise<TReportSummary> {
  const docs = await readRollups(provinces, q.from, q.to);
  const [figures, placements, targets] = await Promise.all([figuresFromCounts(sumCounts(docs), q), placementFigures(provinces, q), targetProgress(provinces, q.to, now)]);
  return { from: q.from, to: q.to, provinces: [...provinces], ...figures, placements, targets };
}

/** What a case-list export row may carry: no names, no narratives, no callers. */
export type ExportCase = Pick<CaseDoc, 'reference' | 'status' | 'category' | 'riskLevel' | 'provinceCode' | 'createdAt' | 'closedAt'> & { communeCode: string | null; group: TPersonGroup | null; people: number };

/** Cases opened in `provinces` between two Vietnamese days, oldest first, read one (province, month) at a time. */
export async function casesForExport(provinces: readonly string[], from: string, to: string): Promise<ExportCase[]> {
  const start = reportDayStart(from);
  const end = new Date(reportDayStart(to).getTime() + 86_400_000);
  const months: string[] = [];
  for (const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1)); d < end; d.setUTCMonth(d.getUTCMonth() + 1)) months.push(d.toISOString().slice(0, 7));
  const out: ExportCase[] = [];
  for (const provinceCode of provinces) {
    for (const createdMonth of months) {
      for (const open of [true, false]) {
        const docs = await CaseModel.find({ provinceCode, createdMonth, open }, { reference: 1, status: 1, category: 1, riskLevel: 1, provinceCode: 1, createdAt: 1, closedAt: 1, 'location.communeCode': 1, 'subjects.group': 1 }).lean();
        for (const c of docs) {
          if (c.createdAt < start || c.createdAt >= end) continue;
          out.push({
            reference: c.reference, status: c.status, category: c.category, riskLevel: c.riskLevel, provinceCode: c.provinceCode, createdAt: c.createdAt, closedAt: c.closedAt ?? null,
            communeCode: c.location?.communeCode ?? null, group: c.subjects?.[0]?.group ?? null, people: c.subjects?.length ?? 0,
          });
        }
      }
    }
  }
  return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

