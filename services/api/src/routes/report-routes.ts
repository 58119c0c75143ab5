/**
 * Managers' reports (supervisors, managers: their provinces; admins: all):
 * the summary read from the daily rollups as JSON or as a CSV / XLSX file,
 * the case list behind it as a file (codes and dates only: no names, no
 * narratives, no callers), and yearly targets. Every export is audited.
 */
import { Router } from 'express';
import { z } from 'zod';
import {
  DomainError, PROVINCE_CODES, provinceScope, seesProvince, ZCaseExportQuery, ZReportQuery, ZReportSummary, ZTargetInput, ZTargetQuery, ZTargetView,
  type TSessionUser,
} from '@hotline/core';
import { casesForExport, recordAudit, reportSummary, saveTarget, targetsOf, type TargetDoc } from '@hotline/db';
import type { RouteRegistry } from '../http/route-registry';
import { sendTables, summaryTables, type ExportTable } from '../services/report-export';

/** The provinces asked for (each one the user sees, or 403 naming `province`), or all the user's own. */
function provincesOf(user: TSessionUser, asked: readonly string[] | undefined): string[] {
  if (asked && asked.length > 0) {
    const outside = asked.find((p) => !seesProvince(user, p));
    if (outside) throw new DomainError('forbidden', `Province ${outside} is outside your provinces`, [{ path: 'province', message: 'is outside your provinces' }]);
    return [...new Set(asked)];
  }
  return provinceScope(user) ?? [...PROVINCE_CODES];
}

const targetView = (t: TargetDoc) => ({ id: t._id, year: t.year, provinceCode: t.provinceCode, figure: t.figure, target: t.target, facilityId: t.facilityId, group: t.group, updatedAt: t.updatedAt.toISOString() });

export function reportRoutes(registry: RouteRegistry): Router {
  const router = Router();

  registry.add(
    router,
    {
      method: 'get', path: '/api/reports/summary', tag: 'reports', access: 'report.read', query: ZReportQuery,
      summary: 'Calls, cases, referrals, SLA and targets for a period of days (Asia/Ho_Chi_Minh) from the daily rollups; format=csv|xlsx answers a file',
      responses: { 200: ZReportSummary },
    },
    async ({ user, query, req, res }) => {
      const provinces = provincesOf(user, query.province);
      const summary = await reportSummary(provinces, query);
      if (query.format === 'json') return { status: 200, body: summary };
      const name = `report-summary_${query.from}_${query.to}`;
      await recordAudit({ actorId: user.id, actorRole: user.role, action: 'report.export', targetType: 'report', targetId: `${name}.${query.format}`, provinceCode: provinces.length === 1 ? provinces[0]! : null, requestId: req.requestId, ip: null });
      await sendTables(res, name, query.format, summaryTables(summary));
      return { status: 200, body: null };
    },
  );

  registry.add(
    router,
    {
      method: 'get', path: '/api/reports/cases', tag: 'reports', access: 'report.read', query: ZCaseExportQuery,
      summary: 'The cases opened in a period as a CSV or XLSX file: reference, dates, status, category, risk, commune, group (no names, narratives or callers)',
      responses: { 200: z.string() },
    },
    async ({ user, query, req, res }) => {
      const provinces = provincesOf(user, query.province ? [query.province] : undefined);
      const cases = await casesForExport(provinces, query.from, query.to);
      const name = `case-list_${query.from}_${query.to}`;
      await recordAudit({ actorId: user.id, actorRole: user.role, action: 'case_list.export', targetType: 'case_list', targetId: `${name}.${query.format}`, provinceCode: provinces.length === 1 ? provinces[0]! : null, requestId: req.requestId, ip: null });
      const table: ExportTable = {
        name: 'cases',
        columns: ['reference', 'opened_at', 'status', 'category', 'risk_level', 'province', 'commune_code', 'group', 'people', 'closed_at'],
        rows: cases.map((c) => [c.reference, c.createdAt.toISOString(), c.status, c.category, c.riskLevel, c.provinceCode, c.communeCode, c.group, c.people, c.closedAt ? c.closedAt.toISOString() : null]),
      };
      await sendTables(res, name, query.format, [table]);
      return { status: 200, body: null };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/targets', summary: 'Yearly targets of the provinces the user sees (or one province)', tag: 'reports', access: 'report.read', query: ZTargetQuery, responses: { 200: z.object({ items: z.array(ZTargetView) }) } },
    async ({ user, query }) => {
      const provinces = provincesOf(user, query.province ? [query.province] : undefined);
      return { status: 200, body: { items: (await targetsOf(provinces, query.year)).map(targetView) } };
    },
  );

  registry.add(
    router,
    { method: 'put', path: '/api/targets', summary: 'Set a yearly target (admin, or a manager of the province)', tag: 'reports', access: 'report.read', body: ZTargetInput, responses: { 200: ZTargetView } },
    async ({ user, body, req }) => {
      if (user.role !== 'admin' && !(user.role === 'manager' && seesProvince(user, body.provinceCode))) {
        throw new DomainError('forbidden', 'Only an admin or a manager of the province sets its targets', [{ path: 'provinceCode', message: 'is not a province you manage' }]);
      }
      const saved = await saveTarget(body, user.id);
      await recordAudit({ actorId: user.id, actorRole: user.role, action: 'target.set', targetType: 'target', targetId: saved._id, provinceCode: saved.provinceCode, requestId: req.requestId, ip: null });
      return { status: 200, body: targetView(saved) };
    },
  );
  return router;
}
