/** Open cases by category × status with a risk filter, live from `queue.summary`; each count opens the filtered list. */
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, Segmented, Space, Statistic, Table } from 'antd';
import { CATEGORY_CODES, OPEN_CASE_STATUSES, RISK_LEVELS, type TCategory, type TRiskLevel } from '@hotline/core';
import { useQueueSummary } from '../../api/dashboard';
import { Loading, QueryError } from '../../components/query-state';
import { formatTime } from '../../lib/time';

type RiskFilter = 'all' | TRiskLevel;

export function QueueCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [risk, setRisk] = useState<RiskFilter>('all');
  const summary = useQueueSummary();

  const { matrix, statusTotals, total, emergency } = useMemo(() => {
    const m = new Map<string, number>();
    const st = new Map<string, number>();
    let tot = 0;
    let em = 0;
    for (const r of summary.data?.rows ?? []) {
      if (r.riskLevel === 'emergency') em += r.count;
      if (risk !== 'all' && r.riskLevel !== risk) continue;
      m.set(`${r.category}|${r.status}`, (m.get(`${r.category}|${r.status}`) ?? 0) + r.count);
      st.set(r.status, (st.get(r.status) ?? 0) + r.count);
      tot += r.count;
    }
    return { matrix: m, statusTotals: st, total: tot, emergency: em };
  }, [summary.data, risk]);

  if (summary.isPending) return <Loading />;
  if (summary.isError) return <QueryError error={summary.error} retry={() => void summary.refetch()} />;

  const categories = CATEGORY_CODES.filter((c) => OPEN_CASE_STATUSES.some((s) => matrix.get(`${c}|${s}`)));
  const rows = categories.map((c) => ({ category: c }));

  return (
    <Card
      title={t('dashboard.openCases')}
      extra={<span className="muted">{t('dashboard.lastUpdate', { time: formatTime(summary.data.at) })}</span>}
      data-testid="queue-card"
    >
      <Space size="large" wrap style={{ marginBottom: 12 }}>
        <Statistic title={t('dashboard.openCases')} value={summary.data.total} valueRender={() => <span data-testid="queue-total">{summary.data.total}</span>} />
        <Statistic
          title={t('dashboard.emergencyOpen')}
          value={emergency}
          styles={{ content: { color: emergency > 0 ? '#cf1322' : undefined } }}
          valueRender={() => <span data-testid="queue-emergency">{emergency}</span>}
        />
        {OPEN_CASE_STATUSES.map((s) => (
          <Statistic key={s} title={t(`status.${s}`)} value={statusTotals.get(s) ?? 0} valueRender={() => <span data-testid={`queue-status-${s}`}>{statusTotals.get(s) ?? 0}</span>} />
        ))}
      </Space>
      <div style={{ marginBottom: 8 }}>
        <span className="field-label" id="risk-filter-label" style={{ display: 'inline', marginRight: 8 }}>
          {t('dashboard.riskFilter')}
        </span>
        <Segmented
          aria-labelledby="risk-filter-label"
          value={risk}
          onChange={(v) => setRisk(v as RiskFilter)}
          options={[{ value: 'all', label: t('cases.all') }, ...RISK_LEVELS.map((r) => ({ value: r, label: t(`risk.${r}`) }))]}
        />
      </div>
      <Table
        size="small"
        rowKey="category"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.empty')} /> }}
        summary={() =>
          rows.length ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('dashboard.total')}</strong>
              </Table.Summary.Cell>
              {OPEN_CASE_STATUSES.map((s, i) => (
                <Table.Summary.Cell key={s} index={i + 1} align="right">
                  <strong>{statusTotals.get(s) ?? 0}</strong>
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={OPEN_CASE_STATUSES.length + 1} align="right">
                <strong data-testid="queue-filtered-total">{total}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
        columns={[
          { title: t('cases.category'), dataIndex: 'category', render: (c: TCategory) => t(`category.${c}`), fixed: 'left' },
          ...OPEN_CASE_STATUSES.map((s) => ({
            title: t(`status.${s}`),
            key: s,
            align: 'right' as const,
            render: (_: unknown, row: { category: TCategory }) => {
              const n = matrix.get(`${row.category}|${s}`) ?? 0;
              if (!n) return <span className="muted">·</span>;
              const params = new URLSearchParams({ status: s, category: row.category, ...(risk !== 'all' ? { riskLevel: risk } : {}) });
              return (
                <Button type="link" size="small" onClick={() => void navigate(`/cases?${params}`)} data-testid={`cell-${row.category}-${s}`}>
                  {n}
                </Button>
              );
            },
          })),
          {
            title: t('dashboard.total'),
            key: 'total',
            align: 'right' as const,
            render: (_: unknown, row: { category: TCategory }) => <strong>{OPEN_CASE_STATUSES.reduce((n, s) => n + (matrix.get(`${row.category}|${s}`) ?? 0), 0)}</strong>,
          },
        ]}
      />
    </Card>
  );
}
