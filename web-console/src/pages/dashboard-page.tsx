/**
 * The manager's (and supervisor's) dashboard: open cases by status × category
 * with a risk filter, live from `queue.summary`; SLA alerts, open breaches
 * and the SLA overview; unassigned cases to hand out; new cases per week by category.
 */
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Col, Empty, Row, Segmented, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import {
  can, CATEGORY_CODES, OPEN_CASE_STATUSES, RISK_LEVELS, type TCaseCard, type TCategory, type TQueueSummary, type TRiskLevel,
} from '@hotline/core';
import { http } from '../api/http';
import { listCases, useCaseList } from '../api/cases';
import { useUser } from '../auth/session';
import { RiskTag, StatusTag, provinceName } from '../components/labels';
import { Loading, QueryError } from '../components/query-state';
import { formatDateTime, formatTime, weekStart } from '../lib/time';
import { QUEUE_SUMMARY_KEY } from '../realtime/socket';
import { SlaCard, SlaOverviewCard } from './dashboard/sla-cards';

export default function DashboardPage() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <div data-testid="dashboard">
      <Space align="baseline" wrap>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('dashboard.title')}
        </Typography.Title>
        <span className="muted">
          {t('dashboard.province')}: {user.allProvinces ? t('cases.all') : user.provinces.map(provinceName).join(', ')}
        </span>
      </Space>
      <Row gutter={[16, 16]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={16}>
          <QueueCard />
        </Col>
        <Col xs={24} xl={8}>
          <SlaCard />
        </Col>
        <Col xs={24}>
          <SlaOverviewCard />
        </Col>
        <Col xs={24} xl={12}>
          <AssignmentCard />
        </Col>
        <Col xs={24} xl={12}>
          <WeeklyChart />
        </Col>
      </Row>
    </div>
  );
}

type RiskFilter = 'all' | TRiskLevel;

function QueueCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [risk, setRisk] = useState<RiskFilter>('all');
  const summary = useQuery({ queryKey: QUEUE_SUMMARY_KEY, queryFn: () => http.get<TQueueSummary>('/api/queues/summary') });

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
                <Button type="link" size="small" onClick={() => navigate(`/cases?${params}`)} data-testid={`cell-${row.category}-${s}`}>
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

/** The newest cases (all, or only those nobody holds), to take or hand back. Reassigning to a named colleague is on the case page. */
function AssignmentCard() {
  const { t } = useTranslation();
  const user = useUser();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [only, setOnly] = useState<'none' | 'all'>('all');
  const list = useCaseList(only === 'none' ? { assigned: 'none' } : {}, 15);
  const rows = (list.data?.pages.flatMap((p) => p.items) ?? []).filter((c) => c.status !== 'closed');
  const assign = useMutation({
    mutationFn: ({ c, to }: { c: TCaseCard; to: string | null }) => http.patch(`/api/cases/${c.id}`, { assignedCounsellorId: to }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void message.success(t('case.reassigned'));
    },
    onError: (e) => void message.error((e as Error).message),
  });
  const mayReassign = can(user, 'case.reassign');
  return (
    <Card
      title={t('dashboard.reassign')}
      data-testid="assignment-card"
      extra={
        <Segmented
          size="small"
          value={only}
          onChange={(v) => setOnly(v as 'none' | 'all')}
          options={[
            { value: 'all', label: t('dashboard.openQueue') },
            { value: 'none', label: t('cases.assignedNone') },
          ]}
        />
      }
    >
      <Table<TCaseCard>
        size="small"
        rowKey="id"
        pagination={false}
        loading={list.isPending}
        dataSource={rows}
        scroll={{ x: 620 }}
        locale={{ emptyText: t('cases.empty') }}
        columns={[
          { title: t('cases.reference'), dataIndex: 'reference', render: (r: string, c) => <Link to={`/cases/${c.id}`} style={{ whiteSpace: 'nowrap' }}>{r}</Link> },
          { title: t('cases.risk'), dataIndex: 'riskLevel', render: (r: string) => <RiskTag level={r} /> },
          { title: t('cases.status'), dataIndex: 'status', render: (st: string) => <StatusTag status={st} /> },
          {
            title: t('cases.assigned'),
            dataIndex: 'assignedCounsellorId',
            render: (a: string | null) =>
              a === null ? <Tag color="orange">{t('cases.assignedNone')}</Tag> : a === user.id ? t('cases.assignedMe') : <Tooltip title={a}>{t('dashboard.someoneElse')}</Tooltip>,
          },
          {
            title: '',
            key: 'a',
            render: (_, c) => (
              <Space size={4} wrap>
                {c.assignedCounsellorId !== user.id ? (
                  <Button size="small" onClick={() => assign.mutate({ c, to: user.id })}>
                    {t('case.assignToMe')}
                  </Button>
                ) : null}
                {mayReassign && c.assignedCounsellorId ? (
                  <Button size="small" onClick={() => assign.mutate({ c, to: null })}>
                    {t('case.unassign')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

const CHART_COLORS = ['#1d5f7a', '#d4380d', '#7cb305', '#531dab', '#d48806', '#08979c', '#c41d7f', '#2f54eb', '#8c8c8c', '#fa8c16'];
const WEEKS = 8;

/** New cases per week by category, counted from the newest case pages (up to 500 cases). */
function WeeklyChart() {
  const { t } = useTranslation();
  const data = useQuery({
    queryKey: ['weekly'],
    staleTime: 60_000,
    queryFn: async () => {
      const since = Date.now() - WEEKS * 7 * 86_400_000;
      const items: TCaseCard[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 5; i++) {
        const page = await listCases({ limit: 100, cursor });
        items.push(...page.items);
        const last = page.items[page.items.length - 1];
        if (!page.nextCursor || !last || Date.parse(last.createdAt) < since) break;
        cursor = page.nextCursor;
      }
      return items.filter((c) => Date.parse(c.createdAt) >= since);
    },
  });
  if (data.isPending) return <Card title={t('dashboard.weekly')} loading />;
  if (data.isError) return <QueryError error={data.error} />;

  const weeks: string[] = [];
  const thisWeek = weekStart(new Date().toISOString());
  for (let i = WEEKS - 1; i >= 0; i--) weeks.push(weekStart(new Date(Date.parse(thisWeek + 'T12:00:00+07:00') - i * 7 * 86_400_000).toISOString()));
  const counts = new Map<string, Map<TCategory, number>>();
  for (const c of data.data) {
    const w = weekStart(c.createdAt);
    const m = counts.get(w) ?? new Map<TCategory, number>();
    m.set(c.category, (m.get(c.category) ?? 0) + 1);
    counts.set(w, m);
  }
  const used = CATEGORY_CODES.filter((cat) => data.data.some((c) => c.category === cat));
  const highest = Math.max(1, ...weeks.map((w) => [...(counts.get(w)?.values() ?? [])].reduce((a, b) => a + b, 0)));
  const step = Math.max(1, Math.ceil(highest / 4));
  const max = step * 4;
  const W = 560;
  const H = 220;
  const pad = { l: 32, b: 28, t: 10 };
  const bw = (W - pad.l) / weeks.length;

  return (
    <Card title={t('dashboard.weekly')} extra={<span className="muted">{t('dashboard.weeklyNote', { count: data.data.length })}</span>} data-testid="weekly-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('dashboard.weekly')} style={{ maxHeight: 260 }}>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => (
          <g key={f}>
            <line x1={pad.l} x2={W} y1={pad.t + (H - pad.t - pad.b) * (1 - f)} y2={pad.t + (H - pad.t - pad.b) * (1 - f)} stroke="#eee" />
            <text x={pad.l - 6} y={pad.t + (H - pad.t - pad.b) * (1 - f) + 4} fontSize="10" textAnchor="end" fill="#888">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          let y = H - pad.b;
          const m = counts.get(w);
          const total = [...(m?.values() ?? [])].reduce((a, b) => a + b, 0);
          return (
            <g key={w}>
              {used.map((cat) => {
                const n = m?.get(cat) ?? 0;
                if (!n) return null;
                const h = ((H - pad.t - pad.b) * n) / max;
                y -= h;
                return (
                  <rect key={cat} x={pad.l + i * bw + bw * 0.15} y={y} width={bw * 0.7} height={h} fill={CHART_COLORS[CATEGORY_CODES.indexOf(cat) % CHART_COLORS.length]}>
                    <title>{`${t(`category.${cat}`)}: ${n}`}</title>
                  </rect>
                );
              })}
              {total ? (
                <text x={pad.l + i * bw + bw / 2} y={y - 3} fontSize="10" textAnchor="middle" fill="#333">
                  {total}
                </text>
              ) : null}
              <text x={pad.l + i * bw + bw / 2} y={H - 10} fontSize="10" textAnchor="middle" fill="#666">
                {w.slice(8, 10)}/{w.slice(5, 7)}
              </text>
            </g>
          );
        })}
      </svg>
      <Space wrap size={4}>
        {used.map((cat) => (
          <Tooltip key={cat} title={t(`category.${cat}`)}>
            <Tag color={CHART_COLORS[CATEGORY_CODES.indexOf(cat) % CHART_COLORS.length]}>{t(`category.${cat}`)}</Tag>
          </Tooltip>
        ))}
      </Space>
    </Card>
  );
}
