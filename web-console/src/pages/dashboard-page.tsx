/**
 * The manager's (and supervisor's) dashboard: open cases by status × category
 * with a risk filter, live from `queue.summary`; SLA alerts, open breaches and
 * the SLA overview; cases to take or hand back; new cases per week by
 * category. Each card is in src/pages/dashboard/.
 */
import { useTranslation } from 'react-i18next';
import { Col, Row, Space, Typography } from 'antd';
import { useUser } from '../auth/session';
import { provinceName } from '../components/labels';
import { AssignQueueCard } from './dashboard/assign-queue-card';
import { QueueCard } from './dashboard/queue-card';
import { SlaCard, SlaOverviewCard } from './dashboard/sla-cards';
import { WeeklyChart } from './dashboard/weekly-chart';

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
          <AssignQueueCard />
        </Col>
        <Col xs={24} xl={12}>
          <WeeklyChart />
        </Col>
      </Row>
    </div>
  );
}
