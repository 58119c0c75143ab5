/**
 * The SLA overview's figures as documents: a small row per open deadline
 * (province, category, state), and per month and province the
 * breaches and the minutes taken to accept / make first contact. Every
 * deadline write projects the deadline (`projectDeadlineStats`); its
 * `statsPending` flag, set in the same write, is cleared once the projection
 * of that version is written, so a crash in between is finished by the sweep
 * (`projectPendingDeadlineStats`). `rebuildSlaCounts` recomputes everything
 * from the deadlines.
 */
import { PROVINCE_CODES, type TCategory } from '@hotline/core';
import { DeadlineModel, type DeadlineDoc } from '../models/deadline';
import { SlaMonthModel, SlaOpenRowModel, type SlaMonthEntry, type SlaOpenRowDoc } from '../models/sla-stats';
import { forEachValue } from '../repositories/by-ids';
import { applyDeadlineToRollups } from './rollups';

type Projected = Pick<DeadlineDoc, '_id' | 'provinceCode' | 'category' | 'riskLevel' | 'kind' | 'state' | 'startsAt' | 'metAt' | 'breachedAt' | 'version'>;
const PROJECTED_FIELDS = { provinceCode: 1, category: 1, riskLevel: 1, kind: 1, state: 1, startsAt: 1, metAt: 1, breachedAt: 1, version: 1 } as const;

const monthOf = (at: Date) => at.toISOString().slice(0, 7);
const monthId = (month: string, provinceCode: string) => `${month}|${provinceCode}`;

function openRowOf(d: Projected): SlaOpenRowDoc | null {
  if (d.state !== 'pending' && d.state !== 'breached') return null;
  return { _id: d._id.toHexString(), provinceCode: d.provinceCode, category: d.category, state: d.state };
}

/** The month lines this deadline contributes: [month, field, entry]. */
function monthLinesOf(d: Projected): [string, 'breached' | 'accept' | 'contact', SlaMonthEntry][] {
  const lines: [string, 'breached' | 'accept' | 'contact', SlaMonthEntry][] = [];
  if (d.breachedAt) lines.push([monthOf(d.breachedAt), 'breached', { c: d.category, at: d.breachedAt }]);
  if (d.state === 'met' && d.metAt && (d.kind === 'accept' || d.kind === 'first_contact')) {
    lines.push([monthOf(d.metAt), d.kind === 'accept' ? 'accept' : 'contact', { c: d.category, at: d.metAt, m: (d.metAt.getTime() - d.startsAt.getTime()) / 60_000 }]);
  }
  return lines;
}

/**
 * Writes the deadline into the counts and clears its flag if it is still that
 * version; when it changed meanwhile (a newer write, whose own projection may
 * have run before this one), reads it again and projects the newer version.
 */
export async function projectDeadlineStats(d: Projected): Promise<void> {
  let current: Projected | null = d;
  for (let attempt = 0; current && attempt < 10; attempt++) {
    const id = current._id.toHexString();
    const row = openRowOf(current);
    const provinceCode = current.provinceCode;
    // The open row and each month's document (one write per month, whatever lines it gets) side by side.
    const byMonth = new Map<string, Record<string, SlaMonthEntry>>();
    for (const [month, field, entry] of monthLinesOf(current)) byMonth.set(month, { ...byMonth.get(month), [`${field}.${id}`]: entry });
    await Promise.all([
      // The reports' met / breached counts (once per deadline and outcome, however often this runs).
      applyDeadlineToRollups(current),
      row ? SlaOpenRowModel.collection.replaceOne({ _id: id } as never, row, { upsert: true }) : SlaOpenRowModel.collection.deleteOne({ _id: id } as never),
      ...[...byMonth].map(([month, set]) =>
        SlaMonthModel.collection.updateOne(
          { _id: monthId(month, provinceCode) } as never,
          { $set: set, $setOnInsert: { month, provinceCode } },
          { upsert: true },
        ),
      ),
    ]);
    const cleared = await DeadlineModel.updateOne({ _id: current._id, version: current.version }, { $set: { statsPending: false } });
    if (cleared.matchedCount === 1) return;
    current = await DeadlineModel.findById(current._id, PROJECTED_FIELDS).lean<Projected>();
  }
}

/** The sweep: projects every deadline whose projection a crash may have cut short. */
export async function projectPendingDeadlineStats(limit = 500): Promise<number> {
  const pending = await DeadlineModel.find({ statsPending: true }, PROJECTED_FIELDS).limit(limit).lean<Projected[]>();
  for (const d of pending) await projectDeadlineStats(d);
  return pending.length;
}

export interface SlaOverviewRowData {
  provinceCode: string;
  category: TCategory;
  open: { pending: number; breached: number };
  breachesToday: number;
  breachesThisWeek: number;
  medianMinutesToAccept: number | null;
  medianMinutesToFirstContact: number | null;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return Math.round((s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2) * 10) / 10;
};

/** UTC months from `since` to `until`, oldest first. */
function monthsBetween(since: Date, until: Date): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1));
  while (d <= until) {
    out.push(monthOf(d));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

export interface DeadlineScope {
  /** null: every province. */
  provinces: string[] | null;
}

/**
 * Per province × category: open deadlines by state, breaches since the two
 * instants given, and median minutes to accept / first contact since
 * `metSince`, read from the counts (a few small documents per province).
 */
export async function slaOverview(scope: DeadlineScope, since: { today: Date; week: Date; metSince: Date }, now = new Date()): Promise<SlaOverviewRowData[]> {
  const provinces = scope.provinces ?? [...PROVINCE_CODES];
  const rows = new Map<string, SlaOverviewRowData>();
  const row = (p: string, c: TCategory) => {
    const k = `${p}|${c}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { provinceCode: p, category: c, open: { pending: 0, breached: 0 }, breachesToday: 0, breachesThisWeek: 0, medianMinutesToAccept: null, medianMinutesToFirstContact: null }));
    return r;
  };
  const [openRows, months] = await Promise.all([
    forEachValue(provinces, (provinceCode) => SlaOpenRowModel.find({ provinceCode }).lean()),
    forEachValue(provinces, async (provinceCode) => {
      const ids = monthsBetween(new Date(Math.min(since.metSince.getTime(), since.week.getTime())), now).map((m) => monthId(m, provinceCode!));
      return (await Promise.all(ids.map((id) => SlaMonthModel.findById(id).lean()))).filter((d) => d !== null);
    }),
  ]);
  for (const o of openRows) row(o.provinceCode, o.category).open[o.state]++;
  const minutes = new Map<string, { accept: number[]; contact: number[] }>();
  for (const doc of months) {
    for (const e of Object.values(doc.breached ?? {})) {
      if (e.at < since.week) continue;
      const r = row(doc.provinceCode, e.c);
      r.breachesThisWeek++;
      if (e.at >= since.today) r.breachesToday++;
    }
    for (const [field, key] of [['accept', 'accept'], ['contact', 'contact']] as const) {
      for (const e of Object.values(doc[field] ?? {})) {
        if (e.at < since.metSince || e.m === undefined) continue;
        const k = `${doc.provinceCode}|${e.c}`;
        row(doc.provinceCode, e.c);
        const m = minutes.get(k) ?? { accept: [], contact: [] };
        minutes.set(k, m);
        m[key].push(e.m);
      }
    }
  }
  for (const [k, m] of minutes) {
    const r = rows.get(k)!;
    r.medianMinutesToAccept = median(m.accept);
    r.medianMinutesToFirstContact = median(m.contact);
  }
  return [...rows.values()].sort((a, b) => a.provinceCode.localeCompare(b.provinceCode) || a.category.localeCompare(b.category));
}

/**
 * Recomputes every SLA count from the deadlines (after a restore, or to
 * repair): reads each province's deadlines once.
 */
export async function rebuildSlaCounts(): Promise<void> {
  const months = new Map<string, { month: string; provinceCode: string; breached: Record<string, SlaMonthEntry>; accept: Record<string, SlaMonthEntry>; contact: Record<string, SlaMonthEntry> }>();
  for (const provinceCode of PROVINCE_CODES) {
    const deadlines = await DeadlineModel.find({ provinceCode }, PROJECTED_FIELDS).lean<Projected[]>();
    const open = new Map<string, SlaOpenRowDoc>();
    for (const d of deadlines) {
      const row = openRowOf(d);
      if (row) open.set(row._id, row);
      for (const [month, field, line] of monthLinesOf(d)) {
        const id = monthId(month, d.provinceCode);
        const doc = months.get(id) ?? { month, provinceCode: d.provinceCode, breached: {}, accept: {}, contact: {} };
        doc[field][d._id.toHexString()] = line;
        months.set(id, doc);
      }
    }
    for (const r of await SlaOpenRowModel.find({ provinceCode }, { _id: 1 }).lean()) if (!open.has(r._id)) await SlaOpenRowModel.collection.deleteOne({ _id: r._id } as never);
    for (const row of open.values()) await SlaOpenRowModel.collection.replaceOne({ _id: row._id } as never, row, { upsert: true });
  }
  const existing = (await forEachValue(PROVINCE_CODES, (provinceCode) => SlaMonthModel.find({ provinceCode }, { _id: 1 }).lean())).map((d) => d._id);
  for (const id of existing) if (!months.has(id)) await SlaMonthModel.deleteOne({ _id: id });
  for (const [id, doc] of months) await SlaMonthModel.collection.replaceOne({ _id: id } as never, doc, { upsert: true });
}
