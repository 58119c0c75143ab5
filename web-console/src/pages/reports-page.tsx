/**
 * Reports (managers, supervisors: their provinces; admins: all): what was
 * done in a period, each figure as a chart and the table behind it, read
 * from the server's daily rollups; CSV / XLSX exports; a print layout.
 */
import { useState } from 'react';
import dayjs from 'dayjs';
import { Button, Card, Col, Progress, Row, Space, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TReportSummary } from '@hotline/core';
import { caseListExportUrl, reportExportUrl, useReportSummary, type ReportParams } from '../api/reports';
import { QueryError } from '../components/query-state';
import { FigureCard } from './reports/figure-card';
import { PlacementsCards } from './reports/placements-cards';
import { ReportFilters, type FilterState } from './reports/report-filters';
import { periodRange, today } from './reports/period';

type Row<K extends keyof TReportSummary, F extends string> = TReportSummary[K] extends Record<F, (infer R)[]> ? R : never;
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10} %`);

export default function ReportsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<FilterState>({ kind: 'month', anchor: today(), custom: null, province: [], category: [], risk: [], group: [], channel: [] });
  const params: ReportParams = { ...periodRange(filters.kind, filters.anchor, filters.custom), province: filters.province, category: filters.category, risk: filters.risk, group: filters.group, channel: filters.channel };
  const report = useReportSummary(params);
  const s = report.data;

  return (
    <div className={`reports-page${filters.kind === 'year' ? ' print-yearly' : ''}`} data-testid="reports-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('reports.title')} <span className="muted">{t('reports.periodLabel', { from: dayjs(params.from).format('DD/MM/YYYY'), to: dayjs(params.to).format('DD/MM/YYYY') })}</span>
        </Typography.Title>
        <Space className="no-print" wrap>
          <Button icon={<DownloadOutlined />} href={reportExportUrl(params, 'csv')}>{t('reports.export.csv')}</Button>
          <Button icon={<DownloadOutlined />} href={reportExportUrl(params, 'xlsx')}>{t('reports.export.xlsx')}</Button>
          <Button icon={<DownloadOutlined />} href={caseListExportUrl(params, 'xlsx')}>{t('reports.export.cases')}</Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>{t('reports.print')}</Button>
        </Space>
      </Space>
      <ReportFilters value={filters} onChange={setFilters} />
      {report.isError && <QueryError error={report.error} />}
      {report.isPending && <Card loading />}
      {s && (
        <Space direction="vertical" size="middle" style={{ width: '100%', marginTop: 12 }}>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={4}><Card><Statistic title={t('reports.stat.calls')} value={s.calls.total} /></Card></Col>
            <Col xs={12} md={4}><Card><Statistic title={t('reports.stat.silentShare')} value={pct(s.calls.silentOrPrankShare)} /></Card></Col>
            <Col xs={12} md={4}><Card><Statistic title={t('reports.stat.repeat')} value={s.calls.repeatCalls} /></Card></Col>
            <Col xs={12} md={4}><Card><Statistic title={t('reports.stat.opened')} value={s.cases.opened} /></Card></Col>
            <Col xs={12} md={4}><Card><Statistic title={t('reports.stat.closed')} value={s.cases.closed} /></Card></Col>
            <Col xs={12} md={4}><Card><Statistic title={t('reports.stat.legal')} value={pct(s.sla.legalClock.compliance)} /></Card></Col>
          </Row>
          <Card title={t('reports.targets.title', { year: s.targets.year })} data-testid="report-targets">
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => `${r.figure}|${r.provinceCode}|${r.facilityId}|${r.group}`}
              dataSource={s.targets.rows}
              locale={{ emptyText: t('reports.targets.none') }}
              columns={[
                { key: 'figure', title: t('reports.col.figure'), render: (_: unknown, r: Row<'targets', 'rows'>) => t(`reports.figure.${r.figure}`) + (r.group ? ` · ${t(`group.${r.group}`)}` : '') },
                { key: 'province', title: t('reports.col.province'), dataIndex: 'provinceCode' },
                { key: 'achieved', title: t('reports.col.achieved'), render: (_: unknown, r: Row<'targets', 'rows'>) => `${r.achieved}/${r.target}` },
                { key: 'percent', title: '%', render: (_: unknown, r: Row<'targets', 'rows'>) => <Progress percent={r.percent ?? 0} format={() => `${r.percent ?? '—'} %`} size="small" /> },
              ]}
            />
          </Card>
          <FigureCard<Row<'calls', 'rows'>>
            title={t('reports.calls')} testId="report-calls" rows={s.calls.rows}
            label={(r) => `${t(`channel.${r.channel}`)} · ${t(`outcome.${r.outcome}`)}`} series={[{ key: 'count', name: t('reports.col.count') }]}
            columns={[
              { key: 'channel', title: t('reports.col.channel'), render: (r) => t(`channel.${r.channel}`) },
              { key: 'outcome', title: t('reports.col.outcome'), render: (r) => t(`outcome.${r.outcome}`) },
              { key: 'count', title: t('reports.col.count') },
            ]}
          />
          <FigureCard<Row<'cases', 'rows'>>
            title={t('reports.cases')} testId="report-cases" rows={s.cases.rows}
            label={(r) => `${t(`category.${r.category}`)} · ${t(`risk.${r.riskLevel}`)}`}
            series={[{ key: 'opened', name: t('reports.col.opened') }, { key: 'closed', name: t('reports.col.closed') }]}
            columns={[
              { key: 'category', title: t('reports.col.category'), render: (r) => t(`category.${r.category}`) },
              { key: 'riskLevel', title: t('reports.col.risk'), render: (r) => t(`risk.${r.riskLevel}`) },
              { key: 'communeCode', title: t('reports.col.commune') },
              { key: 'group', title: t('reports.col.group'), render: (r) => (r.group ? t(`group.${r.group}`) : '—') },
              { key: 'opened', title: t('reports.col.opened') },
              { key: 'closed', title: t('reports.col.closed') },
            ]}
          />
          <FigureCard<Row<'referrals', 'rows'>>
            title={t('reports.referrals')} testId="report-referrals" rows={s.referrals.rows}
            extra={<span className="muted">{t('reports.medians', { accept: s.referrals.medianMinutesToAccept ?? '—', contact: s.referrals.medianMinutesToFirstContact ?? '—' })}</span>}
            label={(r) => r.partnerName}
            series={[{ key: 'offered', name: t('reports.col.offered') }, { key: 'accepted', name: t('reports.col.accepted') }, { key: 'declined', name: t('reports.col.declined') }, { key: 'timedOut', name: t('reports.col.timedOut') }]}
            columns={[
              { key: 'partnerName', title: t('reports.col.partner') },
              { key: 'partnerKind', title: t('reports.col.partnerKind'), render: (r) => t(`reports.kind.${r.partnerKind}`) },
              { key: 'offered', title: t('reports.col.offered') },
              { key: 'accepted', title: t('reports.col.accepted') },
              { key: 'declined', title: t('reports.col.declined') },
              { key: 'timedOut', title: t('reports.col.timedOut') },
              { key: 'acceptanceRate', title: t('reports.col.rate'), render: (r) => pct(r.acceptanceRate) },
            ]}
          />
          <FigureCard<Row<'sla', 'rows'>>
            title={t('reports.sla')} testId="report-sla" rows={s.sla.rows}
            label={(r) => `${t(`reports.deadline.${r.kind}`)} · ${t(`category.${r.category}`)}`}
            series={[{ key: 'met', name: t('reports.col.met') }, { key: 'breached', name: t('reports.col.breached') }]}
            columns={[
              { key: 'kind', title: t('reports.col.deadline'), render: (r) => t(`reports.deadline.${r.kind}`) },
              { key: 'category', title: t('reports.col.category'), render: (r) => t(`category.${r.category}`) },
              { key: 'riskLevel', title: t('reports.col.risk'), render: (r) => t(`risk.${r.riskLevel}`) },
              { key: 'met', title: t('reports.col.met') },
              { key: 'breached', title: t('reports.col.breached') },
              { key: 'compliance', title: t('reports.col.compliance'), render: (r) => pct(r.compliance) },
            ]}
          />
          <PlacementsCards placements={s.placements} />
        </Space>
      )}
    </div>
  );
}
