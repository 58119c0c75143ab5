import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Card, Segmented, Table, Tag, Tooltip } from 'antd';
import type { TCaseCard } from '@hotline/core';
import { useCaseList } from '../../api/cases';
import { useUser } from '../../auth/session';
import { AssignButtons } from '../../components/assignment-card';
import { RiskTag, StatusTag } from '../../components/labels';

/** The newest cases (all, or only those nobody holds), to take or hand back. Reassigning to a named colleague is on the case page. */
export function AssignQueueCard() {
  const { t } = useTranslation();
  const user = useUser();
  const [only, setOnly] = useState<'none' | 'all'>('all');
  const list = useCaseList(only === 'none' ? { assigned: 'none' } : {}, 15);
  const rows = (list.data?.pages.flatMap((p) => p.items) ?? []).filter((c) => c.status !== 'closed');
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
            // The card has no version: the case is read first, then changed with If-Match like on the case page.
            render: (_, c) => <AssignButtons c={c} user={user} size="small" />,
          },
        ]}
      />
    </Card>
  );
}
