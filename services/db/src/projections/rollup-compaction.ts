/**
 * Compacted rollups: a report over a year reads about a dozen small documents
 * per province, not 365 daily documents that also carry every counted fact's
 * marker. A day (a month) that is over is compacted once: its counts copied
 * without markers into `rollup_compacts`.
 *
 * Late facts: a rollup line for a day or month that is already over (a relay
 * finishing after midnight, a breach dated yesterday) first announces itself
 * on that period's compacted document (`gen` + 1, `dirty`), then writes the
 * daily document. Readers use a compacted document only while it is clean
 * (`built` = `gen`), else they read the daily documents; the compactor
 * recomputes a dirty period an hour after its last announcement, with a write
 * conditional on `gen`, so a fact announced meanwhile keeps it dirty.
 * Compaction waits an hour after a period ends, for writes in flight at
 * midnight; a write still in flight an hour later would be missed until the
 * next rebuild.
 */
import { vietnamDay } from '@hotline/core';
import { DailyRollupModel, type DailyRollupDoc } from '../models/daily-rollup';
import { RollupCompactModel, type RollupCompactDoc } from '../models/rollup-compact';
import { caseMonths } from '../repositories/case-months';

type Level = 'day' | 'month';
export type CountsDoc = Pick<DailyRollupDoc, 'day' | 'provinceCode' | 'c'>;

const HOUR_MS = 3_600_000;
/** How long after a period ends, or after a late fact was announced, compaction waits. */
const COMPACTION_GRACE_MS = HOUR_MS;

const compactId = (level: Level, period: string, provinceCode: string) => `${level}|${period}|${provinceCode}`;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const nextMonth = (m: string) => {
  const [y, mo] = [Number(m.slice(0, 4)), Number(m.slice(5, 7))];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
};
const prevMonth = (m: string) => {
  const [y, mo] = [Number(m.slice(0, 4)), Number(m.slice(5, 7))];
  return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
};
const lastDayOf = (m: string) => addDays(`${nextMonth(m)}-01`, -1);
/** The last day and month that are over (an hour ago), in Vietnam. */
function lastClosed(now: Date): { day: string; month: string } {
  const today = vietnamDay(new Date(now.getTime() - COMPACTION_GRACE_MS));
  return { day: addDays(today, -1), month: prevMonth(today.slice(0, 7)) };
}

/**
 * Before a rollup line for a period that is already over is written: announces
 * it on the period's compacted documents (day and, when the month is over too, month).
 */
export async function announceLateLine(day: string, provinceCode: string, now = new Date()): Promise<void> {
  const today = vietnamDay(now);
  const targets: [Level, string][] = [];
  if (day < today) targets.push(['day', day]);
  if (day.slice(0, 7) < today.slice(0, 7)) targets.push(['month', day.slice(0, 7)]);
  await Promise.all(
    targets.map(([level, period]) =>
      RollupCompactModel.collection.updateOne(
        { _id: compactId(level, period, provinceCode) } as never,
        {
          $set: { dirty: true, markedAt: now },
          $inc: { gen: 1 },
          $setOnInsert: { level, period, month: period.slice(0, 7), year: period.slice(0, 4), provinceCode, c: {}, built: -1 },
        },
        { upsert: true },
      ),
    ),
  );
}

function sum(docs: readonly { c: Record<string, number> }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of docs) for (const [k, n] of Object.entries(d.c ?? {})) out[k] = (out[k] ?? 0) + n;
  return out;
}

/** Recomputes one period of one province from its daily documents (conditional on no late fact announced meanwhile). */
async function compactPeriod(level: Level, period: string, provinceCode: string): Promise<boolean> {
  const _id = compactId(level, period, provinceCode);
  const before = await RollupCompactModel.findById(_id, { gen: 1 }).lean<Pick<RollupCompactDoc, 'gen'>>();
  const gen = before?.gen ?? 0;
  const days =
    level === 'day'
      ? [await DailyRollupModel.findById(`${period}|${provinceCode}`, { c: 1 }).lean()].filter((d) => d !== null)
      : await DailyRollupModel.find({ provinceCode, month: period }, { c: 1 }).lean();
  const fields = { level, period, month: period.slice(0, 7), year: period.slice(0, 4), provinceCode, c: sum(days), built: gen, dirty: false };
  if (!before) {
    try {
      await RollupCompactModel.collection.insertOne({ _id, ...fields, gen, markedAt: null } as never);
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false; // announced meanwhile: stays for the next run
      throw err;
    }
  }
  const r = await RollupCompactModel.collection.updateOne({ _id, gen } as never, { $set: fields });
  return r.modifiedCount === 1;
}

/** The periods compaction reached so far (`null`: never ran). */
async function watermark(level: Level): Promise<string | null> {
  const doc = await RollupCompactModel.findById(`watermark|${level}`, { period: 1 }).lean();
  return doc?.period ?? null;
}

async function setWatermark(level: Level, period: string): Promise<void> {
  await RollupCompactModel.collection.updateOne(
    { _id: `watermark|${level}` } as never,
    { $set: { period }, $setOnInsert: { level: 'watermark', month: period.slice(0, 7), year: period.slice(0, 4), provinceCode: '-', c: {}, gen: 0, built: 0, dirty: false, markedAt: null } },
    { upsert: true },
  );
}

/**
 * One compaction run (the workers' reconciler, every minute): the days and
 * months that ended since the last run, for every province, then the dirty
 * periods whose last late fact is an hour old. At most `budget` periods a run
 * (the first run over years of data catches up over several).
 */
export async function compactRollups(provinces: readonly string[], now = new Date(), budget = 400): Promise<{ compacted: number }> {
  const closed = lastClosed(now);
  let compacted = 0;
  const firstMonth = async () => (await caseMonths(null)).at(-1) ?? closed.month;
  for (const level of ['day', 'month'] as const) {
    const last = level === 'day' ? closed.day : closed.month;
    const reached = await watermark(level);
    let next = reached === null ? (level === 'day' ? `${await firstMonth()}-01` : await firstMonth()) : level === 'day' ? addDays(reached, 1) : nextMonth(reached);
    while (next <= last && compacted + provinces.length <= budget) {
      const period = next;
      await Promise.all(provinces.map((p) => compactPeriod(level, period, p)));
      compacted += provinces.length;
      await setWatermark(level, period);
      next = level === 'day' ? addDays(next, 1) : nextMonth(next);
    }
  }
  const dirty = await RollupCompactModel.find({ dirty: true }, { level: 1, period: 1, provinceCode: 1, markedAt: 1 }).lean();
  for (const d of dirty) {
    if (compacted >= budget) break;
    if (d.level === 'watermark' || (d.markedAt && now.getTime() - d.markedAt.getTime() < COMPACTION_GRACE_MS)) continue;
    const over = d.level === 'day' ? d.period <= closed.day : d.period <= closed.month;
    if (!over) continue;
    await compactPeriod(d.level, d.period, d.provinceCode);
    compacted++;
  }
  return { compacted };
}

/**
 * After a rebuild: replaces the compacted days and months of `provinces` from the rebuilt daily
 * documents in memory (every day and month that is over, from the first month with cases; a day
 * without activity gets empty counts), in batches, and moves the watermarks up to now.
 */
export async function replaceCompacts(days: Iterable<CountsDoc>, provinces: readonly string[], now = new Date()): Promise<number> {
  const closed = lastClosed(now);
  const first = (await caseMonths(null)).at(-1);
  if (!first) return 0;
  const docs = new Map<string, RollupCompactDoc>();
  const blank = (level: Level, period: string, provinceCode: string): RollupCompactDoc => ({
    _id: compactId(level, period, provinceCode), level, period, month: period.slice(0, 7), year: period.slice(0, 4), provinceCode, c: {}, gen: 0, built: 0, dirty: false, markedAt: null,
  });
  for (const provinceCode of provinces) {
    for (let m = first; m <= closed.month; m = nextMonth(m)) docs.set(compactId('month', m, provinceCode), blank('month', m, provinceCode));
    for (let d = `${first}-01`; d <= closed.day; d = addDays(d, 1)) docs.set(compactId('day', d, provinceCode), blank('day', d, provinceCode));
  }
  for (const d of days) {
    for (const id of [compactId('day', d.day, d.provinceCode), compactId('month', d.day.slice(0, 7), d.provinceCode)]) {
      const doc = docs.get(id);
      if (!doc) continue;
      for (const [k, n] of Object.entries(d.c ?? {})) doc.c[k] = (doc.c[k] ?? 0) + n;
    }
  }
  for (const provinceCode of provinces) {
    const months: string[] = [];
    for (let m = first; m <= closed.month; m = nextMonth(m)) months.push(m);
    await Promise.all([
      ...months.map((month) => RollupCompactModel.deleteMany({ level: 'day', provinceCode, month })),
      ...[...new Set(months.map((m) => m.slice(0, 4)))].map((year) => RollupCompactModel.deleteMany({ level: 'month', provinceCode, year })),
    ]);
  }
  const all = [...docs.values()];
  for (let i = 0; i < all.length; i += 1000) {
    try {
      await RollupCompactModel.collection.insertMany(all.slice(i, i + 1000) as never, { ordered: false });
    } catch (err) {
      // A late fact announced meanwhile holds its period (dirty): the compactor takes it from the days.
      const errors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
      if (!errors || errors.some((e) => (e.err?.code ?? e.code) !== 11000)) throw err;
    }
  }
  if (((await watermark('month')) ?? '') < closed.month) await setWatermark('month', closed.month);
  if (((await watermark('day')) ?? '') < closed.day) await setWatermark('day', closed.day);
  return all.length;
}

const usable = (d: RollupCompactDoc | undefined | null): d is RollupCompactDoc => !!d && !d.dirty && d.built === d.gen;

/**
 * The counts of `provinces` between two days (inclusive): whole months that
 * are over from their compacted month, other days from their compacted day,
 * today and any period a late fact changed from the daily documents.
 */
export async function readCountsDocs(provinces: readonly string[], from: string, to: string, now = new Date()): Promise<CountsDoc[]> {
  const closed = lastClosed(now);
  const months: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) months.push(m);
  const out: CountsDoc[] = [];
  const perProvince = async (provinceCode: string) => {
    const years = [...new Set(months.map((m) => m.slice(0, 4)))];
    const monthDocs = new Map(
      (await Promise.all(years.map((year) => RollupCompactModel.find({ level: 'month', provinceCode, year }).lean<RollupCompactDoc[]>()))).flat().map((d) => [d.period, d]),
    );
    for (const month of months) {
      const first = `${month}-01`;
      const last = lastDayOf(month);
      const whole = from <= first && to >= last;
      const m = monthDocs.get(month);
      if (whole && month <= closed.month && usable(m)) {
        out.push({ day: first, provinceCode, c: m.c });
        continue;
      }
      const wanted: string[] = [];
      for (let d = from > first ? from : first; d <= (to < last ? to : last); d = addDays(d, 1)) wanted.push(d);
      const dayDocs = new Map((await RollupCompactModel.find({ level: 'day', provinceCode, month }).lean<RollupCompactDoc[]>()).map((d) => [d.period, d]));
      const raw: string[] = [];
      for (const day of wanted) {
        const d = dayDocs.get(day);
        if (day <= closed.day && usable(d)) out.push({ day, provinceCode, c: d.c });
        else raw.push(day);
      }
      if (raw.length > 5) {
        const rawSet = new Set(raw);
        for (const d of await DailyRollupModel.find({ provinceCode, month }, { day: 1, provinceCode: 1, c: 1 }).lean()) if (rawSet.has(d.day)) out.push(d);
      } else {
        for (const d of await Promise.all(raw.map((day) => DailyRollupModel.findById(`${day}|${provinceCode}`, { day: 1, provinceCode: 1, c: 1 }).lean()))) if (d) out.push(d);
      }
    }
  };
  for (let i = 0; i < provinces.length; i += 8) await Promise.all(provinces.slice(i, i + 8).map(perProvince));
  return out;
}
