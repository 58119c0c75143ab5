/**
 * Compacted rollups: a report over a period that is over reads one small
 * document per month (or day) per province, and always sums to what the daily
 * documents hold — also right after a late fact lands in a compacted day, and
 * after the compactor has taken it in.
 */
import { expect } from 'chai';
import { vietnamDay } from '@hotline/core';
import { applyRollupLine, configureFieldKeys, DailyRollupModel, readRollups, recordCaseMonth } from '../src/index';
import { compactRollups } from '../src/projections/rollup-compaction';
import { RollupCompactModel } from '../src/models/rollup-compact';
import { testSettings } from '../../testing/src/test-run';
import { useFreshDatabase } from './fixtures/fresh-database';

const P = '01';
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
let marker = 0;
const line = (day: string, key: string, n = 1) => applyRollupLine({ marker: `t${marker++}`, day, provinceCode: P, inc: { [key]: n } });

/** The brute-force answer: every daily document of the range summed. */
async function raw(from: string, to: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const d of await DailyRollupModel.find({ provinceCode: P }).lean()) {
    if (d.day < from || d.day > to) continue;
    for (const [k, n] of Object.entries(d.c)) out[k] = (out[k] ?? 0) + n;
  }
  return out;
}
async function report(from: string, to: string) {
  const docs = await readRollups([P], from, to);
  const out: Record<string, number> = {};
  for (const d of docs) for (const [k, n] of Object.entries(d.c)) out[k] = (out[k] ?? 0) + n;
  return { counts: out, docs: docs.length };
}

describe('compacted rollups', function () {
  this.timeout(120_000);
  useFreshDatabase(testSettings('db-rollup-compaction').mongodbUri, () => configureFieldKeys({ phoneHashKey: 'x'.repeat(32), fieldEncryptionKey: 'y'.repeat(32) }));

  const today = vietnamDay(new Date());
  const start = addDays(today, -75);
  const ranges = () => [
    [start, today], [start, addDays(today, -1)], [`${addDays(today, -40).slice(0, 7)}-01`, addDays(`${today.slice(0, 7)}-01`, -1)],
    [addDays(today, -50), addDays(today, -20)], [today, today], [addDays(today, -3), today],
  ];

  before(async () => {
    for (let d = start; d <= today; d = addDays(d, 1)) {
      await line(d, 'call~phone~case_opened', 1 + (Number(d.slice(8)) % 3));
      if (Number(d.slice(8)) % 4 === 0) await line(d, 'open~child_abuse~high~00004~child');
    }
    for (let m = start.slice(0, 7); m <= today.slice(0, 7); m = addDays(`${m}-28`, 5).slice(0, 7)) await recordCaseMonth(P, m);
  });

  it('before any compaction, reports read the daily documents and equal their sum', async () => {
    for (const [from, to] of ranges()) expect((await report(from!, to!)).counts, `${from}..${to}`).to.deep.equal(await raw(from!, to!));
  });

  it('after compaction, a whole past month is one document, and every range still equals the daily documents', async () => {
    await compactRollups([P], new Date(), 10_000);
    const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
    const whole = await report(`${lastMonth}-01`, addDays(`${today.slice(0, 7)}-01`, -1));
    expect(whole.docs, 'one compacted month').to.equal(1);
    for (const [from, to] of ranges()) expect((await report(from!, to!)).counts, `${from}..${to}`).to.deep.equal(await raw(from!, to!));
  });

  it('a late fact in a compacted day and month counts at once, and again once the compactor has taken it in', async () => {
    const late = addDays(today, -35);
    await line(late, 'close~child_abuse~high~00004~child', 7);
    const dirty = await RollupCompactModel.find({ dirty: true }).lean();
    expect(dirty.map((d) => `${d.level}|${d.period}`)).to.include.members([`day|${late}`, `month|${late.slice(0, 7)}`]);
    for (const [from, to] of ranges()) expect((await report(from!, to!)).counts, `${from}..${to} (late fact)`).to.deep.equal(await raw(from!, to!));
    // Within the hour the compactor leaves it dirty (a write announced may still be on its way) …
    await compactRollups([P], new Date(), 10_000);
    expect((await RollupCompactModel.find({ dirty: true }).lean()).length).to.equal(2);
    // … after it, the period is recomputed and clean again.
    await compactRollups([P], new Date(Date.now() + 2 * 3_600_000), 10_000);
    expect(await RollupCompactModel.find({ dirty: true }).lean()).to.deep.equal([]);
    for (const [from, to] of ranges()) expect((await report(from!, to!)).counts, `${from}..${to} (recompacted)`).to.deep.equal(await raw(from!, to!));
  });
});
