/**
 * Report files: every table of a report as CSV (UTF-8 with a BOM, so Excel
 * shows Vietnamese; tables one after another under their titles) or XLSX
 * (one worksheet per table, with exceljs). Rows hold codes and counts only:
 * the callers decide which columns a role may get (never names or narratives).
 */
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { DISCHARGE_REASONS, type TReportSummary } from '@hotline/core';

export interface ExportTable {
  /** Sheet name and CSV section title (≤ 31 characters: Excel's limit). */
  name: string;
  columns: string[];
  rows: (string | number | null)[][];
}

/** The report's tables, in the order the Reports page shows them. */
export function summaryTables(s: TReportSummary): ExportTable[] {
  return [
    { name: 'calls', columns: ['channel', 'outcome', 'count'], rows: s.calls.rows.map((r) => [r.channel, r.outcome, r.count]) },
    { name: 'calls_totals', columns: ['total', 'silent_or_prank', 'silent_or_prank_share', 'repeat_calls'], rows: [[s.calls.total, s.calls.silentOrPrank, s.calls.silentOrPrankShare, s.calls.repeatCalls]] },
    { name: 'cases', columns: ['category', 'risk_level', 'commune_code', 'group', 'opened', 'closed'], rows: s.cases.rows.map((r) => [r.category, r.riskLevel, r.communeCode, r.group, r.opened, r.closed]) },
    {
      name: 'referrals', columns: ['partner_id', 'partner', 'partner_kind', 'partner_type', 'offered', 'accepted', 'declined', 'timed_out', 'acceptance_rate'],
      rows: s.referrals.rows.map((r) => [r.partnerId, r.partnerName, r.partnerKind, r.partnerType, r.offered, r.accepted, r.declined, r.timedOut, r.acceptanceRate]),
    },
    { name: 'referral_times', columns: ['median_minutes_to_accept', 'median_minutes_to_first_contact'], rows: [[s.referrals.medianMinutesToAccept, s.referrals.medianMinutesToFirstContact]] },
    { name: 'sla', columns: ['kind', 'category', 'risk_level', 'met', 'breached', 'compliance'], rows: s.sla.rows.map((r) => [r.kind, r.category, r.riskLevel, r.met, r.breached, r.compliance]) },
    {
      name: 'placements', columns: ['facility_id', 'facility', 'province', 'group', 'admitted', ...DISCHARGE_REASONS.map((r) => `discharged_${r}`), 'reunified', 'cared_for', 'current'],
      rows: s.placements.rows.map((r) => [r.facilityId, r.facilityName, r.provinceCode, r.group, r.admitted, ...DISCHARGE_REASONS.map((d) => r.discharged[d]), r.reunified, r.caredFor, r.current]),
    },
    { name: 'placements_by_group', columns: ['group', 'admitted', 'discharged', 'reunified', 'cared_for', 'current'], rows: s.placements.byGroup.map((g) => [g.group, g.admitted, g.discharged, g.reunified, g.caredFor, g.current]) },
    { name: 'targets', columns: ['figure', 'province', 'facility_id', 'group', 'target', 'achieved', 'percent'], rows: s.targets.rows.map((r) => [r.figure, r.provinceCode, r.facilityId, r.group, r.target, r.achieved, r.percent]) },
  ];
}

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  // Quote what CSV needs quoted; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

function toCsv(tables: ExportTable[]): string {
  const lines: string[] = [];
  for (const [i, t] of tables.entries()) {
    if (tables.length > 1) lines.push(...(i > 0 ? [''] : []), csvCell(`# ${t.name}`));
    lines.push(t.columns.map(csvCell).join(','), ...t.rows.map((r) => r.map(csvCell).join(',')));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

async function toXlsx(tables: ExportTable[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'hotline';
  for (const t of tables) {
    const sheet = book.addWorksheet(t.name.slice(0, 31));
    sheet.addRow(t.columns).font = { bold: true };
    for (const r of t.rows) sheet.addRow(r);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Sends the tables as `<name>.<format>`. */
export async function sendTables(res: Response, name: string, format: 'csv' | 'xlsx', tables: ExportTable[]): Promise<void> {
  res.status(200).setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').send(toCsv(tables));
  } else {
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(tables));
  }
}
