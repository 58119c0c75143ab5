/** Cases in the user's provinces, filterable, newest first, with cursor pages. */
import { useState } from 'react';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, CATEGORY_CODES, PROVINCES, RISK_LEVELS, provinceByCode, type TCaseCard } from '@hotline/core';
import { useCaseList, type CaseFilters } from '../api/cases';
import { useUser } from '../auth/session';
import { RiskTag, StatusTag, provinceName } from '../components/labels';
import { formatDateTime } from '../lib/time';

export default function CasesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const filters: CaseFilters = {
    status: (params.get('status') as CaseFilters['status']) || undefined,
    category: (params.get('category') as CaseFilters['category']) || undefined,
    riskLevel: (params.get('riskLevel') as CaseFilters['riskLevel']) || undefined,
    province: params.get('province') || undefined,
    assigned: (params.get('assigned') as CaseFilters['assigned']) || undefined,
  };
  const list = useCaseList(filters);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const [provinces] = useState(() => (user.allProvinces ? null : user.provinces));

  const filter = (key: keyof CaseFilters, label: string, options: { value: string; label: string }[]) => (
    <Select
      aria-label={label}
      placeholder={label}
      allowClear
      value={filters[key] ?? undefined}
      onChange={(v: string | undefined) => set(key, v)}
      options={options}
      style={{ minWidth: 160 }}
      popupMatchSelectWidth={false}
    />
  );

  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>{t('cases.title')}</Typography.Title>}>
      <Space wrap style={{ marginBottom: 12 }} aria-label={t('cases.filters')} role="group">
        {filter('status', t('cases.status'), CASE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })))}
        {filter('riskLevel', t('cases.risk'), RISK_LEVELS.map((s) => ({ value: s, label: t(`risk.${s}`) })))}
        {filter('category', t('cases.category'), CATEGORY_CODES.map((s) => ({ value: s, label: t(`category.${s}`) })))}
        {provinces === null || provinces.length > 1
          ? filter('province', t('cases.province'), (provinces ?? PROVINCES.map((p) => p.code)).map((p) => ({ value: p, label: provinceName(p) })))
          : null}
        {filter('assigned', t('cases.assigned'), [
          { value: 'me', label: t('cases.assignedMe') },
          { value: 'none', label: t('cases.assignedNone') },
        ])}
      </Space>
      <Table<TCaseCard>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('cases.empty') }}
        scroll={{ x: 800 }}
        columns={[
          { title: t('cases.reference'), dataIndex: 'reference', render: (ref: string, c) => <Link to={`/cases/${c.id}`}><strong>{ref}</strong></Link> },
          { title: t('cases.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: t('cases.risk'), dataIndex: 'riskLevel', render: (r: string) => <RiskTag level={r} /> },
          { title: t('cases.category'), dataIndex: 'category', render: (c: string) => t(`category.${c}`) },
          { title: t('cases.province'), dataIndex: 'provinceCode', render: (p: string) => provinceByCode(p)?.name ?? p },
          { title: t('cases.subjects'), dataIndex: 'subjectCount', align: 'right' },
          { title: t('cases.created'), dataIndex: 'createdAt', render: (d: string) => formatDateTime(d) },
        ]}
      />
      {list.hasNextPage ? (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('cases.loadMore')}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
