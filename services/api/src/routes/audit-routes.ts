import { Router } from 'express';
import { z } from 'zod';
import { AUDIT_CSV_COLUMNS, provinceScope, ZAuditEntryView, ZAuditQuery, ZAuditVerification, page, type TAuditEntryView, type TAuditQuery, type TSessionUser } from '@hotline/core';
import { caseIdOfReference, flushAudit, listAuditEntries, recordAudit, verifyAuditChains, type AuditEntryDoc, type AuditLogFilter } from '@hotline/db';
import type { RouteRegistry } from '../http/route-registry';

/** How many rows one CSV export carries at most (newest first). */
const AUDIT_EXPORT_MAX_ROWS = 10_000;

const toView = (e: AuditEntryDoc): TAuditEntryView => ({
  id: e._id, at: e.at.toISOString(), actorId: e.actorId, actorRole: e.actorRole, action: e.action, targetType: e.targetType,
  targetId: e.targetId, provinceCode: e.provinceCode ?? null, outcome: e.outcome, reason: e.reason ?? null, requestId: e.requestId, ip: e.ip,
});

/** The query as the repository takes it; a case reference becomes the case's id (an unknown one matches nothing). */
const toFilter = async (q: TAuditQuery): Promise<AuditLogFilter> => ({
  user: q.user, case: q.case && !/^[0-9a-f]{24}$/i.test(q.case) ? ((await caseIdOfReference(q.case)) ?? '000000000000000000000000') : q.case, action: q.action, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, cursor: q.cursor, limit: q.limit,
});

/** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditRoutes(registry: RouteRegistry): Router {
  const router = Router();
  const scopeOf = (user: TSessionUser) => ({ provinces: provinceScope(user) });
  const audit = (user: TSessionUser, action: string, requestId: string, ip: string | undefined) =>
    recordAudit({ actorId: user.id, actorRole: user.role, action, targetType: 'audit_log', targetId: null, requestId, ip: ip ?? null });

  registry.add(
    router,
    {
      method: 'get', path: '/api/audit', tag: 'audit', access: 'audit.read', query: ZAuditQuery, responses: { 200: page(ZAuditEntryView) },
      summary: 'Audit log, newest first: who read or changed what (admins everything, managers their provinces); filters user, case, action, from, to',
    },
    async ({ query, user, req }) => {
      // What this process has journaled is shown too (an admin's page, not a read path of a person's record).
      await flushAudit();
      const result = await listAuditEntries(await toFilter(query), scopeOf(user));
      await audit(user, 'audit.read', req.requestId, req.ip);
      return { status: 200, body: { items: result.items.map(toView), nextCursor: result.nextCursor } };
    },
  );

  registry.add(
    router,
    {
      method: 'get', path: '/api/audit/export.csv', tag: 'audit', access: 'audit.read', query: ZAuditQuery, responses: { 200: z.string() },
      summary: `The same entries as CSV (up to ${AUDIT_EXPORT_MAX_ROWS} rows, newest first); the export is audited itself`,
    },
    async ({ query, user, req, res }) => {
      await flushAudit();
      const filter = await toFilter(query);
      const rows: AuditEntryDoc[] = [];
      let cursor: string | undefined = query.cursor;
      do {
        const result = await listAuditEntries({ ...filter, cursor, limit: 200 }, scopeOf(user));
        rows.push(...result.items);
        cursor = result.nextCursor ?? undefined;
      } while (cursor && rows.length < AUDIT_EXPORT_MAX_ROWS);
      await audit(user, 'audit.export', req.requestId, req.ip);
      const lines = [AUDIT_CSV_COLUMNS.join(',')];
      for (const e of rows.slice(0, AUDIT_EXPORT_MAX_ROWS)) {
        const v = toView(e);
        lines.push(AUDIT_CSV_COLUMNS.map((c) => csvCell(v[c])).join(','));
      }
      res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="audit-log.csv"');
      res.send(`${lines.join('\r\n')}\r\n`);
      return { status: 200, body: null };
    },
  );

  registry.add(
    router,
    {
      method: 'get', path: '/api/audit/verify', tag: 'audit', access: 'audit.verify', responses: { 200: ZAuditVerification },
      summary: 'Checks every hash chain of the audit log: names each modified, missing or unlinked entry',
    },
    async ({ user, req }) => {
      await flushAudit();
      const result = await verifyAuditChains();
      await audit(user, 'audit.verify', req.requestId, req.ip);
      return { status: 200, body: result };
    },
  );
  return router;
}
