/**
 * The manager's SLA view: alerts as they arrive (reminders, breaches,
 * escalations, cases routing could not place), the open breaches stored in
 * the database (so a reload or a late sign-in still shows them), and the
 * overview per category of the manager's provinces.
 */
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { can, CATEGORY_CODES, type TCategory, type TSlaBreachedEvent, type TSlaWarningEvent } from '@hotline/core';
import { useReroute } from '../../api/cases';
import { useOpenBreaches, useSlaOverview } from '../../api/sla';
import type { TSlaOverview } from '../../api/types';
import { useUser } from '../../auth/session';
import { Countdown } from '../../components/countdown';
import { RiskTag } from '../../components/labels';
import { QueryError } from '../../components/query-state';
import { formatDateTime, formatTime } from '../../lib/time';
import { useRealtime } from '../../realtime/socket';

type AlertPayload = Partial<TSlaWarningEvent & TSlaBreachedEvent> & { caseId?: string; reference?: string; reason?: string };

export function SlaCard() {
  const { t } = useTranslation();
  const user = useUser();
  const { alerts } = useRealtime();
  const { message } = App.useApp();
  const breaches = useOpenBreaches();
  const reroute = useReroute({
    onSuccess: () => void message.success(t('routing.rerouted')),
    onError: (e) => void message.error(e.message),
  });
  const stored = breaches.data?.items ?? [];
  return (
    <Card title={<span><WarningOutlined /> {t('dashboard.sla')}</span>} data-testid="sla-card" style={{ height: '100%' }}>
      {alerts.length > 0 ? (
        <List
          size="small"
          header={<Typography.Text strong>{t('dashboard.slaLive')}</Typography.Text>}
          dataSource={alerts}
          renderItem={(a) => {
            const p = a.payload as AlertPayload;
            const caseId = p.caseId ?? p.case?.id;
            const ref = p.reference ?? p.case?.reference ?? caseId ?? '';
            const unroutable = a.event === 'routing.unroutable';
            const label = unroutable
              ? t('routing.unroutable')
              : a.event === 'sla.breached'
                ? p.escalation ? t('dashboard.slaEscalated', { level: p.escalation.level }) : t('dashboard.slaBreached')
                : t('dashboard.slaWarning');
            return (
              <List.Item
                data-testid="alert"
                data-event={a.event}
                actions={
                  unroutable && caseId && can(user, 'case.reroute')
                    ? [<Button key="r" size="small" onClick={() => reroute.mutate(caseId)}>{t('routing.reroute')}</Button>]
                    : undefined
                }
              >
                <Space wrap size={4}>
                  <Tag color={a.event === 'sla.warning' ? 'orange' : 'red'}>{label}</Tag>
                  {caseId ? <Link to={`/cases/${caseId}`}>{ref}</Link> : ref}
                  {p.deadline ? <span className="muted">{t(`deadlineKind.${p.deadline.kind}`, p.deadline.kind)}</span> : null}
                  {p.escalation ? <span className="muted">→ {t(`escalationAction.${p.escalation.action}`, p.escalation.action)}</span> : null}
                  {p.reason ? <span className="muted">{p.reason}</span> : null}
                  <span className="muted">{formatTime(a.at)}</span>
                </Space>
              </List.Item>
            );
          }}
        />
      ) : null}
      {breaches.isError ? <QueryError error={breaches.error} retry={() => void breaches.refetch()} /> : null}
      {stored.length > 0 ? (
        <List
          size="small"
          header={<Typography.Text strong>{t('dashboard.slaOpenBreaches')}</Typography.Text>}
          dataSource={stored}
          data-testid="open-breaches"
          renderItem={(b) => (
            <List.Item data-testid="breach" data-kind={b.deadline.kind}>
              <Space wrap size={4}>
                <Link to={`/cases/${b.deadline.caseId}`}>{b.reference}</Link>
                <RiskTag level={b.riskLevel} />
                <span>{t(`deadlineKind.${b.deadline.kind}`, b.deadline.kind)}</span>
                <Countdown due={b.deadline.dueAt} startsAt={b.deadline.startsAt} />
                {b.deadline.escalationLevel > 0 ? <Tag color="volcano">{t('case.escalated', { level: b.deadline.escalationLevel })}</Tag> : null}
                <span className="muted">{t(`category.${b.category}`, b.category)}</span>
              </Space>
            </List.Item>
          )}
        />
      ) : null}
      {alerts.length === 0 && stored.length === 0 && !breaches.isPending ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.slaNone')} />
      ) : null}
    </Card>
  );
}

interface OverviewRow {
  category: TCategory;
  pending: number;
  breached: number;
  breachesToday: number;
  breachesThisWeek: number;
  medianMinutesToAccept: number | null;
  medianMinutesToFirstContact: number | null;
}

/** Rows per province × category summed per category (the dashboard shows the user's provinces together). */
function byCategory(o: TSlaOverview): OverviewRow[] {
  const rows = new Map<TCategory, OverviewRow & { acceptMedians: number[]; contactMedians: number[] }>();
  for (const r of o.rows) {
    const row = rows.get(r.category) ?? {
      category: r.category, pending: 0, breached: 0, breachesToday: 0, breachesThisWeek: 0, medianMinutesToAccept: null, medianMinutesToFirstContact: null,
      acceptMedians: [], contactMedians: [],
    };
    row.pending += r.open.pending;
    row.breached += r.open.breached;
    row.breachesToday += r.breachesToday;
    row.breachesThisWeek += r.breachesThisWeek;
    if (r.medianMinutesToAccept !== null) row.acceptMedians.push(r.medianMinutesToAccept);
    if (r.medianMinutesToFirstContact !== null) row.contactMedians.push(r.medianMinutesToFirstContact);
    rows.set(r.category, row);
  }
  // With several provinces the figure shown is the largest province median: the slowest place is what a manager must see.
  const worst = (v: number[]) => (v.length ? Math.max(...v) : null);
  return CATEGORY_CODES.flatMap((c) => {
    const r = rows.get(c);
    if (!r) return [];
    return [{ ...r, medianMinutesToAccept: worst(r.acceptMedians), medianMinutesToFirstContact: worst(r.contactMedians) }];
  });
}

export function SlaOverviewCard() {
  const { t } = useTranslation();
  const q = useSlaOverview();
  const minutes = (m: number | null) => (m === null ? '—' : m < 90 ? `${Math.round(m)} ${t('dashboard.min')}` : `${(m / 60).toFixed(1)} ${t('dashboard.hours')}`);
  const rows = q.data ? byCategory(q.data) : [];
  return (
    <Card
      title={t('dashboard.slaOverview')}
      extra={q.data ? <span className="muted">{t('dashboard.updatedAt', { time: formatDateTime(q.data.at) })}</span> : null}
      data-testid="sla-overview"
      loading={q.isPending}
    >
      {q.isError ? (
        <QueryError error={q.error} retry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.slaOverviewNone')} />
      ) : (
        <Table<OverviewRow>
          size="small"
          rowKey="category"
          pagination={false}
          scroll={{ x: 720 }}
          dataSource={rows}
          columns={[
            { title: t('cases.category'), dataIndex: 'category', render: (c: string) => t(`category.${c}`, c) },
            { title: t('deadlineState.pending'), dataIndex: 'pending', align: 'right' },
            { title: t('deadlineState.breached'), dataIndex: 'breached', align: 'right', render: (n: number) => (n ? <Typography.Text type="danger" strong>{n}</Typography.Text> : 0) },
            { title: t('dashboard.breachesToday'), dataIndex: 'breachesToday', align: 'right' },
            { title: t('dashboard.breachesThisWeek'), dataIndex: 'breachesThisWeek', align: 'right' },
            { title: t('dashboard.medianAccept'), dataIndex: 'medianMinutesToAccept', align: 'right', render: minutes },
            { title: t('dashboard.medianFirstContact'), dataIndex: 'medianMinutesToFirstContact', align: 'right', render: minutes },
          ]}
        />
      )}
    </Card>
  );
}
