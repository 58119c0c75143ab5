import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { DISCHARGE_REASONS, vietnamDay } from '@hotline/core';
import { addOccupant, CallModel, CaseModel, ResidentModel, type ResidentDoc } from '@hotline/db';
import { HttpClient } from '@hotline/testing';
import { apiStack, callBody, freshPhone } from './stack';

const today = vietnamDay(new Date());
const year = Number(today.slice(0, 4));

/** Brute force: province 01's calls by channel × outcome and cases opened by category today, from the source collections. */
async function bruteForce() {
  const calls: Record<string, number> = {};
  for (const c of await CallModel.find({ provinceCode: '01' }).lean()) if (vietnamDay(c.startedAt) === today) calls[`${c.channel}~${c.outcome}`] = (calls[`${c.channel}~${c.outcome}`] ?? 0) + 1;
  const opened: Record<string, number> = {};
  for (const c of await CaseModel.find({ provinceCode: '01' }).lean()) if (vietnamDay(c.createdAt) === today) opened[c.category] = (opened[c.category] ?? 0) + 1;
  return { calls, opened };
}

type Summary = { calls: { rows: { channel: string; outcome: string; count: number }[]; total: number }; cases: { rows: { category: string; opened: number }[]; opened: number }; targets: { rows: { figure: string; target: number; achieved: number; percent: number | null }[] } };
const figuresOf = (s: Summary) => {
  const calls: Record<string, number> = {};
  for (const r of s.calls.rows) calls[`${r.channel}~${r.outcome}`] = r.count;
  const opened: Record<string, number> = {};
  for (const r of s.cases.rows) if (r.opened) opened[r.category] = (opened[r.category] ?? 0) + r.opened;
  return { calls, opened };
};

/** Parses the CSV sections back into { table name → rows of cells }. */
function parseCsv(text: string): Record<string, string[][]> {
  expect(text.charCodeAt(0), 'UTF-8 BOM').to.equal(0xfeff);
  const out: Record<string, string[][]> = {};
  let current: string[][] = [];
  for (const line of text.slice(1).split('\r\n')) {
    if (line.startsWith('# ')) out[line.slice(2)] = current = [];
    else if (line) current.push(line.split(','));
  }
  return out;
}

describe('reports', () => {
  before(async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const silent = { channel: 'phone', caller: { phone: freshPhone(), relationship: 'unknown' }, outcome: 'silent' };
    for (const body of [silent, { ...silent, outcome: 'prank' }, { ...silent, channel: 'sms', outcome: 'information_only' }]) expect((await c.post('/api/calls', body)).status).to.be.oneOf([200, 201]);
    for (const category of ['child_abuse', 'domestic_violence']) {
      const r = await c.post('/api/calls', callBody({ caller: { phone: freshPhone(), name: 'Chị Lan', relationship: 'neighbour' } }, { category }));
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
  });

  it('the summary equals a brute-force count of the calls and cases, and the CSV and XLSX files hold the same numbers', async () => {
    const stack = await apiStack();
    const manager = await stack.login('manager.hn@demo.vn');
    const r = await manager.get(`/api/reports/summary?from=${today}&to=${today}&province=01`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    const expected = await bruteForce();
    expect(figuresOf(r.body)).to.deep.equal(expected);
    expect(expected.calls['phone~silent']).to.be.greaterThan(0);

    // Read as bytes: fetch's text() would drop the BOM this checks.
    const csv = await fetch(`${stack.baseUrl}/api/reports/summary?from=${today}&to=${today}&province=01&format=csv`, { headers: { cookie: manager.cookieHeader } });
    expect(csv.status).to.equal(200);
    expect(csv.headers.get('content-disposition')).to.equal(`attachment; filename="report-summary_${today}_${today}.csv"`);
    const tables = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer()));
    const csvCalls = Object.fromEntries(tables.calls!.slice(1).map(([channel, outcome, count]) => [`${channel}~${outcome}`, Number(count)]));
    expect(csvCalls).to.deep.equal(expected.calls);

    const res = await fetch(`${stack.baseUrl}/api/reports/summary?from=${today}&to=${today}&province=01&format=xlsx`, { headers: { cookie: manager.cookieHeader } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-disposition')).to.equal(`attachment; filename="report-summary_${today}_${today}.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const xlsxCalls: Record<string, number> = {};
    book.getWorksheet('calls')!.eachRow((row, i) => {
      if (i > 1) xlsxCalls[`${row.getCell(1).value}~${row.getCell(2).value}`] = Number(row.getCell(3).value);
    });
    expect(xlsxCalls).to.deep.equal(expected.calls);
    const opened: Record<string, number> = {};
    book.getWorksheet('cases')!.eachRow((row, i) => {
      if (i > 1 && Number(row.getCell(5).value) > 0) opened[String(row.getCell(1).value)] = (opened[String(row.getCell(1).value)] ?? 0) + Number(row.getCell(5).value);
    });
    expect(opened).to.deep.equal(expected.opened);

    const admin = await stack.login('admin@demo.vn');
    const audit = await admin.get('/api/audit?action=report.export&limit=50');
    expect(audit.body.items.map((e: { targetId: string }) => e.targetId)).to.include.members([`report-summary_${today}_${today}.csv`, `report-summary_${today}_${today}.xlsx`]);
  });

  it('placements: admissions, discharges by reason, reunifications and residents per facility × group equal the residents admitted and discharged here, in JSON and CSV', async () => {
    const stack = await apiStack();
    const admin = await stack.login('admin@demo.vn');
    const manager = await stack.login('manager.hn@demo.vn');
    const p = await admin.post('/api/partners', {
      name: `Cơ sở báo cáo ${Date.now()}`, kind: 'facility', type: 'childrens_home', phones: [`+8409${String(Date.now()).slice(-8)}`], categories: ['abandoned_child'],
      area: { provinceCode: '01', communeCodes: [] }, capacity: { beds: [{ group: 'child', beds: 10 }, { group: 'elderly', beds: 5 }] }, channels: ['sms'],
    });
    expect(p.status, JSON.stringify(p.body)).to.equal(201);
    const facilityId = new Types.ObjectId(p.body.id as string);
    // Admitted today (an admission needs an accepted referral: the records are written as admission writes them), one long before the period.
    const admit = async (group: 'child' | 'elderly', admittedAt: Date) => {
      const _id = new Types.ObjectId();
      const doc: ResidentDoc = {
        _id, admissionKey: `${_id.toHexString()}:0`, facilityId, provinceCode: '01', caseId: new Types.ObjectId(), caseReference: 'HN-2026-000001', referralId: new Types.ObjectId(),
        subjectIndex: 0, name: 'Bé Báo Cáo', ageYears: 5, gender: 'female', group, admittedAt, legalBasis: 'QĐ', decisionNumber: null, bed: null, current: true,
        dischargedAt: null, dischargeReason: null, reunifiedAt: null, visits: [], version: 1, createdAt: admittedAt, updatedAt: admittedAt,
      };
      await ResidentModel.collection.insertOne(doc);
      await addOccupant(facilityId, group, _id);
      return _id.toHexString();
    };
    const children = [];
    for (let i = 0; i < 4; i++) children.push(await admit('child', new Date()));
    await admit('elderly', new Date());
    const longAgo = await admit('child', new Date(Date.now() - 400 * 86_400_000));
    const reunifiedAt = new Date().toISOString();
    expect((await manager.post(`/api/residents/${children[0]}/reunification`, { reunifiedAt })).status).to.equal(200);
    for (const [id, reason] of [[children[0], 'reunified'], [children[1], 'transferred'], [longAgo, 'adopted']] as const) {
      const r = await manager.post(`/api/residents/${id}/discharge`, { reason });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
    }

    // Brute force over the facility's residents.
    const residents = await ResidentModel.find({ facilityId }).lean<ResidentDoc[]>();
    const isToday = (d: Date | null) => d !== null && vietnamDay(d) === today;
    const expected = (group: string) => {
      const mine = residents.filter((r) => r.group === group);
      return {
        admitted: mine.filter((r) => isToday(r.admittedAt)).length,
        discharged: Object.fromEntries(DISCHARGE_REASONS.map((reason) => [reason, mine.filter((r) => r.dischargeReason === reason && isToday(r.dischargedAt)).length])),
        reunified: mine.filter((r) => isToday(r.reunifiedAt)).length,
        caredFor: mine.length,
        current: mine.filter((r) => r.current).length,
      };
    };
    expect(expected('child')).to.deep.equal({ admitted: 4, discharged: { reunified: 1, transferred: 1, independent_living: 0, adopted: 1, deceased: 0, other: 0 }, reunified: 1, caredFor: 5, current: 2 });

    const r = await manager.get(`/api/reports/summary?from=${today}&to=${today}&province=01`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    type Row = { facilityId: string; group: string };
    const row = (group: string) => r.body.placements.rows.find((x: Row) => x.facilityId === p.body.id && x.group === group);
    for (const group of ['child', 'elderly']) expect(row(group), group).to.deep.include(expected(group));
    const childTotals = r.body.placements.byGroup.find((g: { group: string }) => g.group === 'child');
    expect(childTotals.admitted).to.be.at.least(4);
    // The group filter leaves the other groups out.
    const onlyElderly = await manager.get(`/api/reports/summary?from=${today}&to=${today}&province=01&group=elderly`);
    expect(onlyElderly.body.placements.rows.map((x: Row) => x.group)).to.not.include('child');
    // Another province's manager sees none of this facility.
    expect((await admin.get(`/api/reports/summary?from=${today}&to=${today}&province=79`)).body.placements.rows.some((x: Row) => x.facilityId === p.body.id)).to.equal(false);

    const csv = await fetch(`${stack.baseUrl}/api/reports/summary?from=${today}&to=${today}&province=01&format=csv`, { headers: { cookie: manager.cookieHeader } });
    const tables = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer()));
    const header = tables.placements![0]!;
    const line = tables.placements!.find((cells) => cells[0] === p.body.id && cells[3] === 'child')!;
    const cell = (name: string) => Number(line[header.indexOf(name)]);
    expect({ admitted: cell('admitted'), reunified: cell('reunified'), transferred: cell('discharged_transferred'), adopted: cell('discharged_adopted'), current: cell('current') })
      .to.deep.equal({ admitted: 4, reunified: 1, transferred: 1, adopted: 1, current: 2 });
  });

  it('a yearly target shows achieved vs target with percent; only an admin or the province’s manager sets it', async () => {
    const stack = await apiStack();
    const manager = await stack.login('manager.hn@demo.vn');
    const target = { year, provinceCode: '01', figure: 'cases_opened', target: 160 };
    expect((await (await stack.login('supervisor.hn@demo.vn')).put('/api/targets', target)).status).to.equal(403);
    expect((await manager.put('/api/targets', { ...target, provinceCode: '79' })).status).to.equal(403);
    const bad = await manager.put('/api/targets', { ...target, figure: 'residents_cared_for' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.issues[0].path).to.equal('facilityId');
    expect((await manager.put('/api/targets', target)).status).to.equal(200);
    const r = await manager.get(`/api/reports/summary?from=${year}-01-01&to=${year}-12-31&province=01`);
    const row = r.body.targets.rows.find((t: { figure: string }) => t.figure === 'cases_opened');
    const achieved = (await CaseModel.find({ provinceCode: '01' }).lean()).filter((c) => vietnamDay(c.createdAt).startsWith(String(year))).length;
    expect(row).to.deep.include({ target: 160, achieved, percent: Math.round((achieved / 160) * 1000) / 10 });
    expect((await manager.get(`/api/targets?year=${year}`)).body.items.map((t: { figure: string }) => t.figure)).to.include('cases_opened');
  });

  it('the case-list export carries no names or narratives and is audited', async () => {
    const stack = await apiStack();
    const manager = await stack.login('manager.hn@demo.vn');
    const r = await manager.get(`/api/reports/cases?from=${today}&to=${today}&format=csv`);
    expect(r.status).to.equal(200);
    const text = r.body as string;
    const refs = (await CaseModel.find({ provinceCode: '01' }).lean()).filter((c) => vietnamDay(c.createdAt) === today).map((c) => c.reference);
    for (const ref of refs) expect(text).to.include(ref);
    expect(text).to.not.include('Bé A');
    expect(text).to.not.include('Hàng xóm nghe');
    expect(text).to.not.include('Chị Lan');
    const audit = await (await stack.login('admin@demo.vn')).get('/api/audit?action=case_list.export&limit=50');
    expect(audit.body.items.map((e: { targetId: string }) => e.targetId)).to.include(`case-list_${today}_${today}.csv`);
  });

  it('another province’s manager gets nothing of province 01; counsellors and collaborators are refused', async () => {
    const stack = await apiStack();
    const admin = await stack.login('admin@demo.vn');
    const email = `ql.${Date.now()}@ctxh.vn`;
    expect((await admin.post('/api/users', { email, name: 'Võ Văn Tâm', role: 'manager', provinces: ['79'], password: 'mat-khau-dai-1' })).status).to.equal(201);
    const other = new HttpClient(stack.baseUrl);
    expect((await other.post('/api/auth/login', { email, password: 'mat-khau-dai-1' })).status).to.equal(200);
    {
      expect((await other.get(`/api/reports/summary?from=${today}&to=${today}&province=01`)).status).to.equal(403);
      const own = await other.get(`/api/reports/summary?from=${today}&to=${today}`);
      expect(own.body.provinces).to.deep.equal(['79']);
      expect(own.body.cases.rows.some((r: { communeCode: string }) => r.communeCode === '00004')).to.equal(false);
    }
    const supervisorHn = await stack.login('supervisor.hn@demo.vn');
    const scoped = await supervisorHn.get(`/api/reports/summary?from=${today}&to=${today}&province=79`);
    expect(scoped.status).to.equal(403);
    expect(scoped.body.error.issues[0].path).to.equal('province');
    for (const email of ['counsellor.hn@demo.vn', 'collaborator.hn@demo.vn']) {
      const c = await stack.login(email);
      expect((await c.get(`/api/reports/summary?from=${today}&to=${today}`)).status).to.equal(403);
      expect((await c.get(`/api/reports/cases?from=${today}&to=${today}`)).status).to.equal(403);
    }
    expect((await admin.get(`/api/reports/summary?from=${today}&to=2020-01-01`)).body.error.issues[0].path).to.equal('to');
    expect((await admin.get(`/api/reports/summary?from=${today}&to=${today}`)).body.provinces).to.have.length(34);
  });
});
