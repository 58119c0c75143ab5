/**
 * One case: summary, people at risk, referrals (state and why the partner was
 * chosen), SLA deadlines with countdowns, the timeline, notes, and the status
 * changes the user's role may make from the current status. Watches the case
 * room so other people's changes appear without reloading. Each card is in
 * src/pages/case/.
 */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { useCase } from '../api/cases';
import { useUser } from '../auth/session';
import { AssignmentCard } from '../components/assignment-card';
import { RiskTag, StatusTag, provinceName } from '../components/labels';
import { Loading, QueryError } from '../components/query-state';
import { formatDateTime } from '../lib/time';
import { useRealtimeEvents, useWatchCase } from '../realtime/socket';
import { ConsentCard } from './case/consent-card';
import { DeadlinesCard } from './case/deadlines-card';
import { NoteForm } from './case/note-form';
import { ReferralsCard } from './case/referrals-card';
import { StatusActions } from './case/status-actions';
import { TimelineCard } from './case/timeline-card';

export default function CasePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const user = useUser();
  const kase = useCase(id);
  const [liveNote, setLiveNote] = useState<string | null>(null);
  useWatchCase(id);
  useRealtimeEvents(['case.updated'], (_e, payload) => {
    const p = payload as { case?: { id: string }; change?: string };
    if (p.case?.id === id) setLiveNote(p.change ?? 'case.updated');
  });

  if (kase.isPending) return <Loading />;
  if (kase.isError) return <QueryError error={kase.error} retry={() => void kase.refetch()} />;
  const c = kase.data;
  const staff = user.role !== 'collaborator';
  const names = new Map((c.timeline ?? []).filter((e) => e.actor.id && e.actor.name).map((e) => [e.actor.id!, e.actor.name!]));
  const assignee = c.assignedCounsellorId ? (c.assignedCounsellorId === user.id ? `${user.name} (${t('cases.assignedMe')})` : (names.get(c.assignedCounsellorId) ?? c.assignedCounsellorId)) : t('cases.assignedNone');

  return (
    <div className="case-page" data-testid="case-page">
      <Card>
        <Space align="center" wrap size="middle">
          <Typography.Title level={1} style={{ margin: 0, fontSize: 26 }} data-testid="case-page-reference">
            {c.reference}
          </Typography.Title>
          <StatusTag status={c.status} />
          <RiskTag level={c.riskLevel} />
          <Tag>{t(`category.${c.category}`)}</Tag>
          {c.subCategories.map((s) => (
            <Tag key={s} bordered={false}>
              {t(`subCategory.${s}`, s)}
            </Tag>
          ))}
          <span className="muted">{t('case.version', { v: c.version })}</span>
        </Space>
        {liveNote ? (
          <Alert
            type="info"
            showIcon
            closable={{ onClose: () => setLiveNote(null) }}
            title={`${t('case.liveUpdated')}: ${t(`timeline.${liveNote}`, liveNote)}`}
            style={{ marginTop: 12 }}
            data-testid="case-live-updated"
          />
        ) : null}
      </Card>

      {c.detailsWithheld ? <Alert type="info" showIcon title={t('consent.withheld')} style={{ marginTop: 16 }} data-testid="case-details-withheld" /> : null}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={15}>
          <Card title={t('case.summary')} size="small">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="case-summary">
              {c.summary}
            </Typography.Paragraph>
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('case.location')}>
                {[c.location.address, c.location.communeName, c.location.provinceName ?? provinceName(c.location.provinceCode)].filter(Boolean).join(', ')}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.consent')}>
                {c.consent?.given ? t('case.consentGiven', { method: t(`consentMethod.${c.consent.method}`) }) : t('case.consentNot')}
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.created')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('case.assignee')}>
                <span data-testid="case-assignee">{assignee}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('nav.call')}>{t('case.calls', { count: c.callIds.length })}</Descriptions.Item>
            </Descriptions>
          </Card>

          <Card title={t('case.people')} size="small" style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={c.subjects}
              columns={[
                { title: t('call.subjectName'), dataIndex: 'name', render: (n?: string | null) => n || <span className="muted">{t('case.unknownName')}</span> },
                { title: t('call.age'), dataIndex: 'ageYears', render: (a?: number | null) => (a === undefined || a === null ? '—' : t('case.years', { n: a })) },
                { title: t('call.gender'), dataIndex: 'gender', render: (g: string) => t(`gender.${g}`) },
                { title: t('call.group'), dataIndex: 'group', render: (g: string) => t(`group.${g}`) },
              ]}
            />
          </Card>

          <ReferralsCard referrals={c.referrals} decisions={c.routingDecisions} caseId={c.id} category={c.category} closed={c.status === 'closed'} user={user} />
          <TimelineCard events={c.timeline ?? []} />
        </Col>
        <Col xs={24} lg={9}>
          {staff ? <ConsentCard c={c} user={user} /> : null}
          {staff ? <StatusActions c={c} user={user} /> : null}
          {staff ? <AssignmentCard c={c} user={user} /> : null}
          <DeadlinesCard deadlines={c.deadlines} />
          <NoteForm caseId={c.id} />
        </Col>
      </Row>
    </div>
  );
}
