/** The SLA deadlines of a case, running ones first, with countdowns. */
import { useTranslation } from 'react-i18next';
import { Card, Empty, Space, Tag, Tooltip } from 'antd';
import type { TDeadlineView } from '../../api/types';
import { Countdown } from '../../components/countdown';
import { formatDateTime } from '../../lib/time';

/** Order on the page: what is still running first (soonest due first), then breached, then met or cancelled. */
const DEADLINE_ORDER: Record<TDeadlineView['state'], number> = { pending: 0, breached: 1, met: 2, cancelled: 3 };

export function DeadlinesCard({ deadlines }: { deadlines: TDeadlineView[] | undefined }) {
  const { t } = useTranslation();
  if (deadlines === undefined) return null;
  const sorted = [...deadlines].sort((a, b) => DEADLINE_ORDER[a.state] - DEADLINE_ORDER[b.state] || a.dueAt.localeCompare(b.dueAt));
  return (
    <Card title={t('case.deadlines')} size="small" style={{ marginBottom: 16 }} data-testid="case-deadlines">
      {sorted.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.deadlinesNone')} />
      ) : (
        <ul className="plain-list">
          {sorted.map((d) => (
            <li key={d.id} className="deadline-row" data-testid="deadline" data-kind={d.kind} data-state={d.state}>
              <Space wrap size={6}>
                <strong>{t(`deadlineKind.${d.kind}`, d.kind)}</strong>
                {d.kind === 'follow_up' ? <span className="muted">{d.key.replace('follow_up:', '#')}</span> : null}
                <Tag color={d.state === 'breached' ? 'red' : d.state === 'met' ? 'green' : undefined}>{t(`deadlineState.${d.state}`, d.state)}</Tag>
                {d.state === 'pending' || d.state === 'breached' ? <Countdown due={d.dueAt} startsAt={d.startsAt} /> : null}
                {d.state === 'met' && d.metAt ? <span className="muted">{t('case.metAt', { time: formatDateTime(d.metAt) })}</span> : null}
                {d.kind === 'legal_clock' ? <Tooltip title={t('case.legalClockHelp')}><Tag color="purple">{t('case.legalClock')}</Tag></Tooltip> : null}
                {d.clock === 'business_hours' ? <span className="muted">{t('case.businessHours')}</span> : null}
                {d.escalationLevel > 0 ? <Tag color="volcano" data-testid="escalation-level">{t('case.escalated', { level: d.escalationLevel })}</Tag> : null}
              </Space>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
