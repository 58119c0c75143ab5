/**
 * SLA policies as stored (GET /api/sla-policies): a row per category × risk
 * level, the legal clock and the quiet hours for reminders. Each edit changes
 * one part and PUTs the whole settings back, after the API's own
 * ZSlaSettingsInput has checked the whole set in the browser (a policy must
 * also fit the legal clock, so the set is checked, not the row alone).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { CATEGORY_CODES, foldVietnamese, legalClockCovers, RISK_LEVELS, type TCategory, type TRiskLevel, type TSlaPolicy } from '@hotline/core';
import { useSlaSettings } from '../../api/sla';
import { useAccount } from '../../api/users';
import { RiskTag } from '../../components/labels';
import { QueryError } from '../../components/query-state';
import { minutesText } from './admin-common';
import { LegalAndQuiet } from './sla-legal-summary';
import { SlaLegalDialog } from './sla-legal-dialog';
import { SlaPolicyDialog } from './sla-policy-dialog';

const order = (p: Pick<TSlaPolicy, 'category' | 'riskLevel'>) => CATEGORY_CODES.indexOf(p.category) * 10 + RISK_LEVELS.indexOf(p.riskLevel);

export function SlaSection() {
  const { t } = useTranslation();
  const sla = useSlaSettings();
  const [category, setCategory] = useState<TCategory | undefined>();
  const [editing, setEditing] = useState<number | null>(null);
  const [legalOpen, setLegalOpen] = useState(false);
  const view = sla.data;
  const updatedBy = view?.updatedBy ?? null;
  const author = useAccount(updatedBy);
  const rows = useMemo(
    () =>
      (view?.policySet.policies ?? [])
        .map((p, index) => ({ ...p, index }))
        .filter((p) => !category || p.category === category)
        .sort((a, b) => order(a) - order(b)),
    [view, category],
  );

  return (
    <Card
      title={t('admin.slaPolicies')}
      size="small"
      loading={sla.isPending}
      data-testid="admin-sla"
      extra={
        view ? (
          <span className="muted" data-testid="sla-version">
            {t('admin.sla.version', { version: view.version })}
            {view.updatedAt ? ` · ${t('admin.sla.updated', { at: dayjs(view.updatedAt).format('DD/MM/YYYY HH:mm'), by: author.data?.name ?? updatedBy ?? '—' })}` : ` · ${t('admin.sla.neverEdited')}`}
          </span>
        ) : null
      }
    >
      {sla.isError ? (
        <QueryError error={sla.error} retry={() => void sla.refetch()} />
      ) : view ? (
        <>
          <LegalAndQuiet view={view} onEdit={() => setLegalOpen(true)} />
          <Space wrap style={{ margin: '12px 0' }} align="center">
            <Select<TCategory>
              id="sla-category-filter"
              allowClear
              value={category}
              onChange={(v) => setCategory(v ?? undefined)}
              placeholder={t('admin.sla.allCategories')}
              aria-label={t('admin.sla.category')}
              options={CATEGORY_CODES.filter((c) => !view.policySet.noDeadlineCategories.includes(c)).map((c) => ({ value: c, label: t(`category.${c}`, c) }))}
              showSearch={{ filterOption: (input, o) => foldVietnamese(String(o?.label ?? '')).includes(foldVietnamese(input)) }}
              style={{ width: 300 }}
            />
            <Typography.Text type="secondary">
              {t('admin.sla.noDeadline', { categories: view.policySet.noDeadlineCategories.map((c) => t(`category.${c}`, c)).join(', ') || '—' })}
            </Typography.Text>
          </Space>
          <Table
            size="small"
            rowKey={(p) => `${p.category}-${p.riskLevel}`}
            dataSource={rows}
            pagination={{ pageSize: 12, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 1000 }}
            onRow={(p) => ({ 'data-policy': `${p.category}-${p.riskLevel}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('admin.sla.category'), dataIndex: 'category', render: (c: string) => t(`category.${c}`, c) },
              {
                title: t('cases.risk'),
                dataIndex: 'riskLevel',
                width: 150,
                render: (r: TRiskLevel, p) => (
                  <span>
                    <RiskTag level={r} />
                    {legalClockCovers(view.policySet.legalClock, p.category, p.riskLevel) ? (
                      <Tag color="magenta" title={view.policySet.legalClock.legalBasis} style={{ marginTop: 2 }}>
                        {t('admin.sla.legalTag', { hours: view.policySet.legalClock.withinHours })}
                      </Tag>
                    ) : null}
                  </span>
                ),
              },
              { title: t('deadlineKind.accept'), dataIndex: 'acceptWithinMinutes', width: 120, render: (m: number) => <span data-testid="accept-within">{minutesText(t, m)}</span> },
              { title: t('deadlineKind.first_contact'), dataIndex: 'firstContactWithinMinutes', width: 130, render: (m: number) => minutesText(t, m) },
              { title: t('admin.clock'), dataIndex: 'clock', width: 130, render: (c: string) => t(`admin.clocks.${c}`, c) },
              { title: t('admin.sla.followUp'), dataIndex: 'followUpAfterDays', width: 120, render: (d: number[]) => (d.length ? d.join(', ') : '—') },
              { title: t('admin.sla.reminders'), dataIndex: 'reminderFractions', width: 110, render: (f: number[]) => (f.length ? f.map((x) => `${Math.round(x * 100)}%`).join(', ') : '—') },
              {
                title: <span className="visually-hidden">{t('admin.edit')}</span>,
                key: 'edit',
                width: 90,
                render: (_, p) => (
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(p.index)}
                    aria-label={t('admin.sla.editOf', { category: t(`category.${p.category}`, p.category), risk: t(`risk.${p.riskLevel}`) })}
                    data-testid={`sla-edit-${p.category}-${p.riskLevel}`}
                  >
                    {t('admin.edit')}
                  </Button>
                ),
              },
            ]}
          />
          {editing !== null ? <SlaPolicyDialog view={view} index={editing} onClose={() => setEditing(null)} /> : null}
          {legalOpen ? <SlaLegalDialog view={view} onClose={() => setLegalOpen(false)} /> : null}
        </>
      ) : null}
    </Card>
  );
}
