/**
 * The audit log for admins (everything) and managers (their provinces): who
 * read or changed which record, newest first, filtered by user, case, action
 * and period (kept in the address, so a filtered view can be shared), with a
 * CSV export of the same filters (the export is audited itself).
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { TAuditEntryView } from '@hotline/core';
import { auditExportUrl, useAuditLog, type AuditFilters } from '../api/audit';
import { useUserList } from '../api/users';
import { provinceName } from '../components/labels';
import { formatDateTime, inVietnam } from '../lib/time';

/** The actions the filter offers (the API takes any action name). */
const AUDIT_ACTIONS = [
  'case.read', 'case.update', 'case.status', 'case.note', 'case.watch', 'case.search', 'case.search_result', 'case.consent_override',
  'call.create', 'call.read', 'caller.lookup', 'referral.read', 'referral.accept', 'referral.decline', 'case.reroute',
  'auth.login', 'user.create', 'user.update', 'sla.policies.update', 'audit.read', 'audit.export', 'audit.verify',
] as const;

const label = (t: (k: string) => string, action: string) => {
  const key = `audit.actions.${action.replace(/\./g, '_')}`;
  const text = t(key);
  return text === key ? action : text;
};

function Filters({ filters, set }: { filters: AuditFilters; set: (k: keyof AuditFilters, v: string | undefined) => void }) {
  const { t } = useTranslation();
  const users = useUserList({});
  const [caseText, setCaseText] = useState(filters.case ?? '');
  const range = filters.from || filters.to ? ([filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] as const) : null;
  return (
    <Space wrap style={{ marginBottom: 12 }} role="group" aria-label={t('audit.filters')}>
      <Select
        aria-label={t('audit.user')}
        placeholder={t('audit.user')}
        allowClear
        showSearch
        optionFilterProp="label"
        value={filters.user}
        onChange={(v: string | undefined) => set('user', v)}
        options={(users.data?.pages.flatMap((p) => p.items) ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
        style={{ minWidth: 240 }}
        popupMatchSelectWidth={false}
      />
      <Input.Search
        aria-label={t('audit.case')}
        placeholder={t('audit.casePlaceholder')}
        allowClear
        value={caseText}
        onChange={(e) => {
          setCaseText(e.target.value);
          if (!e.target.value) set('case', undefined);
        }}
        onSearch={(v) => set('case', v.trim() || undefined)}
        style={{ width: 240 }}
      />
      <Select
        aria-label={t('audit.action')}
        placeholder={t('audit.action')}
        allowClear
        showSearch
        value={filters.action}
        onChange={(v: string | undefined) => set('action', v)}
        options={AUDIT_ACTIONS.map((a) => ({ value: a, label: label(t, a) }))}
        style={{ minWidth: 220 }}
        popupMatchSelectWidth={false}
      />
      <DatePicker.RangePicker
        aria-label={t('audit.period')}
        placeholder={[t('audit.from'), t('audit.to')]}
        format="DD/MM/YYYY"
        allowEmpty={[true, true]}
        value={range as never}
        onChange={(v) => {
          set('from', v?.[0] ? v[0].startOf('day').toISOString() : undefined);
          set('to', v?.[1] ? v[1].endOf('day').toISOString() : undefined);
        }}
      />
    </Space>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    user: params.get('user') || undefined,
    case: params.get('case') || undefined,
    action: params.get('action') || undefined,
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  };
  const log = useAuditLog(filters);
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (k: keyof AuditFilters, v: string | undefined) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (v) next.set(k, v);
        else next.delete(k);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <Card
      title={<Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>{t('audit.title')}</Typography.Title>}
      extra={
        <Space>
          <Link to="/privacy" data-testid="privacy-link">
            {t('privacy.title')}
          </Link>
          <Button icon={<DownloadOutlined />} href={auditExportUrl(filters)} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('audit.help')}</Typography.Paragraph>
      <Filters filters={filters} set={set} />
      {log.isError ? <Alert type="error" showIcon message={t('audit.failed')} style={{ marginBottom: 12 }} /> : null}
      <Table<TAuditEntryView>
        rowKey="id"
        size="small"
        loading={log.isPending}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('audit.empty') }}
        scroll={{ x: 900 }}
        data-testid="audit-table"
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (d: string) => <span title={inVietnam(d).format('DD/MM/YYYY HH:mm:ss')}>{formatDateTime(d)}</span> },
          { title: t('audit.user'), dataIndex: 'actorId', render: (id: string | null, e) => (id ? <a onClick={() => set('user', id)}>{e.actorRole ? t(`roles.${e.actorRole}`) : ''} · {id.slice(-6)}</a> : '—') },
          { title: t('audit.action'), dataIndex: 'action', render: (a: string) => label(t, a) },
          {
            title: t('audit.target'),
            dataIndex: 'targetId',
            render: (id: string | null, e) =>
              e.targetType === 'case' && id ? <Link to={`/cases/${id}`}>{t('audit.caseLink')} · {id.slice(-6)}</Link> : id ? `${e.targetType} · ${id.slice(-6)}` : e.targetType,
          },
          { title: t('audit.province'), dataIndex: 'provinceCode', render: (p: string | null) => (p ? provinceName(p) : '—') },
          { title: t('audit.outcome'), dataIndex: 'outcome', render: (o: string) => <Tag color={o === 'allowed' ? 'green' : 'red'}>{t(`audit.outcomes.${o}`)}</Tag> },
          { title: t('audit.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '' },
        ]}
      />
      {log.hasNextPage ? (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t('audit.loadMore')}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
