/**
 * The Reports page in a real browser: a manager opens it from the menu, picks
 * the year, finds the calls logged here counted in the calls table (equal to
 * a count of the calls themselves), downloads the CSV export and sees the
 * placements of the demo facility; screenshots at 1280 px, on screen and in
 * the print layout.
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { Types } from 'mongoose';
import { vietnamDay } from '@hotline/core';
import { addOccupant, CallModel, ResidentModel, type ResidentDoc } from '@hotline/db';
import { screenshotPath, startConsoleStack, type ConsoleStack } from './harness';

let s: ConsoleStack;
const WIDE = { width: 1280, height: 900 };

describe('console: Reports page', function () {
  this.timeout(300_000);
  before(async () => {
    s = await startConsoleStack({ suite: 'console_reports' });
  });
  after(async () => {
    await s?.stop();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await s.captureOpenPages('reports-failed');
  });

  it('a manager picks the year: the calls logged here are counted in the table, the CSV downloads, placements show', async () => {
    const counsellor = await s.stack.login('counsellor.hn@demo.vn');
    const logged = [
      ...Array.from({ length: 3 }, (_, i) => ({ channel: 'web', outcome: 'information_only', phone: `0912 777 10${i}` })),
      ...Array.from({ length: 2 }, (_, i) => ({ channel: 'phone', outcome: 'silent', phone: `0912 777 20${i}` })),
    ];
    for (const c of logged) {
      const r = await counsellor.post('/api/calls', { channel: c.channel, caller: { phone: c.phone, relationship: 'unknown' }, outcome: c.outcome });
      expect(r.status, JSON.stringify(r.body)).to.be.oneOf([200, 201]);
    }
    // A facility with two children admitted today (written as admission writes them), one of them reunified and discharged.
    const admin = await s.stack.login('admin@demo.vn');
    const facility = await admin.post('/api/partners', {
      name: 'Làng trẻ Báo cáo', kind: 'facility', type: 'childrens_home', phones: ['+84090000777'], categories: ['abandoned_child'],
      area: { provinceCode: '01', communeCodes: [] }, capacity: { beds: [{ group: 'child', beds: 10 }] }, channels: ['sms'],
    });
    expect(facility.status, JSON.stringify(facility.body)).to.equal(201);
    const residentIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const _id = new Types.ObjectId();
      const at = new Date();
      const doc: ResidentDoc = {
        _id, admissionKey: `${_id.toHexString()}:0`, facilityId: new Types.ObjectId(facility.body.id as string), provinceCode: '01', caseId: new Types.ObjectId(), caseReference: 'HN-2026-000001',
        referralId: new Types.ObjectId(), subjectIndex: 0, name: 'Bé Báo Cáo', ageYears: 6, gender: 'male', group: 'child', admittedAt: at, legalBasis: 'QĐ', decisionNumber: null, bed: null,
        current: true, dischargedAt: null, dischargeReason: null, reunifiedAt: null, visits: [], version: 1, createdAt: at, updatedAt: at,
      };
      await ResidentModel.collection.insertOne(doc);
      await addOccupant(doc.facilityId, 'child', _id);
      residentIds.push(_id.toHexString());
    }
    expect((await admin.post(`/api/residents/${residentIds[0]}/discharge`, { reason: 'reunified' })).status).to.equal(200);
    const year = vietnamDay(new Date()).slice(0, 4);
    const count = async (channel: string, outcome: string) =>
      (await CallModel.find({ provinceCode: '01', channel, outcome }).lean()).filter((c) => vietnamDay(c.startedAt).startsWith(year)).length;
    const expected = { web: await count('web', 'information_only'), silent: await count('phone', 'silent') };
    expect(expected.web).to.be.at.least(3);

    const page = await s.signIn('manager.hn@demo.vn', WIDE);
    await page.getByRole('menuitem', { name: 'Báo cáo' }).click();
    await page.waitForURL((u) => u.pathname === '/reports');
    await page.locator('[data-testid=report-filters]').getByText('Năm', { exact: true }).click();
    await page.getByText(`01/01/${year} – 31/12/${year}`).waitFor();

    const callsTable = page.locator('[data-testid=report-calls] tbody');
    const cellOf = async (channel: string, outcome: string) => {
      const row = callsTable.locator('tr.ant-table-row').filter({ hasText: channel }).filter({ hasText: outcome });
      await row.first().waitFor();
      return Number(await row.first().locator('td').nth(2).innerText());
    };
    expect(await cellOf('Trang web', 'Chỉ cung cấp thông tin')).to.equal(expected.web);
    expect(await cellOf('Điện thoại', 'Cuộc gọi im lặng')).to.equal(expected.silent);
    // The facility's placements: 2 admitted, 1 left reunified, 1 still there.
    const placement = page.locator('[data-testid=report-placements] tbody tr.ant-table-row').filter({ hasText: 'Làng trẻ Báo cáo' });
    await placement.waitFor();
    const headers = await page.locator('[data-testid=report-placements] thead th').allInnerTexts();
    const cells = await placement.locator('td').allInnerTexts();
    const at = (title: string) => cells[headers.findIndex((h) => h.replace(/\s+/g, ' ').trim() === title)];
    expect({ group: at('Nhóm đối tượng'), admitted: at('Tiếp nhận'), reunified: at('Rời: đoàn tụ'), current: at('Đang ở') }).to.deep.equal({ group: 'Trẻ em', admitted: '2', reunified: '1', current: '1' });
    await page.screenshot({ path: screenshotPath('reports-manager-1280'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Xuất CSV/ }).click()]);
    expect(download.suggestedFilename()).to.equal(`report-summary_${year}-01-01_${year}-12-31.csv`);
    const text = await readFile(await download.path(), 'utf8');
    expect(text.split('\r\n')[0]).to.equal('\uFEFF# calls');
    expect(text).to.contain(`web,information_only,${expected.web}\r\n`);
    expect(text).to.contain('# placements');

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('[data-testid=report-filters]').isVisible(), 'filters hidden when printing').to.equal(false);
    await page.screenshot({ path: screenshotPath('reports-manager-print'), fullPage: true });
  });
});
