/** Managers' reports: the summary for a period and filters, and its file exports (downloads with the session cookie). */
import { useQuery } from '@tanstack/react-query';
import type { TReportSummary } from '@hotline/core';
import { http } from './http';
import { qk } from './query-keys';

export interface ReportParams {
  from: string;
  to: string;
  province: string[];
  category: string[];
  risk: string[];
  group: string[];
  channel: string[];
}

const query = (p: ReportParams, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams({ from: p.from, to: p.to, ...extra });
  for (const key of ['province', 'category', 'risk', 'group', 'channel'] as const) if (p[key].length) q.set(key, p[key].join(','));
  return `?${q.toString()}`;
};

export function useReportSummary(p: ReportParams) {
  return useQuery({ queryKey: qk.reports.summary(p), queryFn: () => http.get<TReportSummary>(`/api/reports/summary${query(p)}`) });
}

export const reportExportUrl = (p: ReportParams, format: 'csv' | 'xlsx') => `/api/reports/summary${query(p, { format })}`;
export const caseListExportUrl = (p: ReportParams, format: 'csv' | 'xlsx') =>
  `/api/reports/cases?${new URLSearchParams({ from: p.from, to: p.to, format, ...(p.province.length === 1 ? { province: p.province[0]! } : {}) }).toString()}`;
