/**
 * SLA settings (policies, quiet hours, business calendar: staff read, admins
 * write) and the managers' view: overview per province × category and the
 * breach list, both limited to the provinces the user works in.
 */
import { Router } from 'express';
import {
  DAY_MS, DomainError, page, provinceScope, seesProvince, vietnamWallClock, ZSlaBreach, ZSlaBreachQuery, ZSlaOverview, ZSlaOverviewQuery,
  ZSlaSettingsInput, ZSlaSettingsView, PROVINCE_CODES, type TSessionUser,
} from '@hotline/core';
import { listBreaches, loadSlaSettings, recordAudit, saveSlaSettings, slaOverview, toDeadlineView, type SlaSettings } from '@hotline/db';
import type { RouteRegistry } from '../http/route-registry';

const settingsView = (s: SlaSettings) => ({ ...s, updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null });

/** The provinces a query may cover: the one asked for (if the user sees it) or the user's own. */
function scopeOf(user: TSessionUser, province: string | undefined): string[] | null {
  if (province) {
    if (!seesProvince(user, province)) throw new DomainError('forbidden', `Province ${province} is outside your provinces`, [{ path: 'province', message: 'is outside your provinces' }]);
    return [province];
  }
  return provinceScope(user);
}

export function slaRoutes(registry: RouteRegistry): Router {
  const router = Router();

  registry.add(
    router,
    { method: 'get', path: '/api/sla-policies', summary: 'SLA policies per category × risk, the legal clock, quiet hours and business calendar', tag: 'sla', access: 'case.list', responses: { 200: ZSlaSettingsView } },
    async () => ({ status: 200, body: settingsView(await loadSlaSettings()) }),
  );

  registry.add(
    router,
    { method: 'put', path: '/api/sla-policies', summary: 'Replace the SLA policies (admin); applies to deadlines planned from now on', tag: 'sla', access: 'admin.manage', body: ZSlaSettingsInput, responses: { 200: ZSlaSettingsView } },
    async ({ body, user, req }) => {
      const saved = await saveSlaSettings(body, user.id);
      await recordAudit({ actorId: user.id, actorRole: user.role, action: 'sla.policies.update', targetType: 'sla_settings', targetId: 'sla', requestId: req.requestId, ip: null });
      return { status: 200, body: settingsView(saved) };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/sla/overview', summary: 'Per province × category: open deadlines by state, breaches today / this week, median minutes to accept and first contact (90 days)', tag: 'sla', access: 'report.read', query: ZSlaOverviewQuery, responses: { 200: ZSlaOverview } },
    async ({ user, query }) => {
      const scope = scopeOf(user, query.province);
      const now = Date.now();
      const wall = vietnamWallClock(now);
      const today = new Date(wall.dayStartMs);
      const week = new Date(wall.dayStartMs - ((wall.weekday + 6) % 7) * DAY_MS);
      const rows = await slaOverview({ provinces: scope }, { today, week, metSince: new Date(now - 90 * DAY_MS) });
      return { status: 200, body: { at: new Date(now).toISOString(), provinces: scope ?? [...PROVINCE_CODES], rows } };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/sla/breaches', summary: 'Breached deadlines, newest first (filters: province, category, risk, kind, since/until, open; cursor pages)', tag: 'sla', access: 'report.read', query: ZSlaBreachQuery, responses: { 200: page(ZSlaBreach) } },
    async ({ user, query }) => {
      const scope = scopeOf(user, query.province);
      const result = await listBreaches({ ...query, province: undefined }, { provinces: scope });
      return {
        status: 200,
        body: {
          items: result.items.map((d) => ({
            deadline: toDeadlineView(d), provinceCode: d.provinceCode, category: d.category, riskLevel: d.riskLevel,
            reference: result.references.get(d.caseId.toHexString()) ?? '',
          })),
          nextCursor: result.nextCursor,
        },
      };
    },
  );
  return router;
}
