/**
 * Partners: the table of collaborators, facilities and agencies, a pause
 * switch per row (a paused partner is offered no new cases), the form that
 * adds a partner (partner-create-dialog.tsx) and the one that changes duty
 * hours, beds and the order of notice channels (partner-edit-dialog.tsx).
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { foldVietnamese, PROVINCES, type TPartnerView } from '@hotline/core';
import { useAllPartners, useUpdatePartner } from '../../api/partners';
import { provinceName } from '../../components/labels';
import { QueryError } from '../../components/query-state';
import { DAYS } from './admin-common';
import { PartnerCreateDialog } from './partner-create-dialog';
import { PartnerEditDialog } from './partner-edit-dialog';

export function PartnersSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const partners = useAllPartners();
  const [editing, setEditing] = useState<TPartnerView | null>(null);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [province, setProvince] = useState<string | undefined>();
  const rows = useMemo(() => {
    const q = foldVietnamese(search.trim());
    return (partners.data ?? []).filter((p) => (!province || p.area.provinceCode === province) && (!q || foldVietnamese(p.name).includes(q)));
  }, [partners.data, search, province]);
  const provinceOptions = useMemo(() => {
    const codes = new Set((partners.data ?? []).map((p) => p.area.provinceCode));
    return PROVINCES.filter((p) => codes.has(p.code)).map((p) => ({ value: p.code, label: p.name }));
  }, [partners.data]);

  const pause = useUpdatePartner({
    onMutate: ({ id }) => setBusy(id),
    onSettled: () => setBusy(null),
    onSuccess: (p) => {
      void message.success(p.paused ? t('admin.p.pausedNow', { name: p.name }) : t('admin.p.resumedNow', { name: p.name }));
    },
    onError: (e) => void message.error(e.message),
  });

  return (
    <Card
      title={t('admin.partners')}
      size="small"
      data-testid="admin-partners"
      extra={
        <Space size={12}>
          <span className="muted">{t('admin.p.hint')}</span>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="partner-add">
            {t('admin.p.add')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }} role="search" aria-label={t('admin.p.filters')}>
        <Input.Search
          id="partner-search"
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t('admin.p.searchPlaceholder')}
          aria-label={t('admin.p.search')}
          style={{ width: 300 }}
        />
        <Select<string>
          id="partner-province-filter"
          allowClear
          value={province}
          onChange={(v) => setProvince(v ?? undefined)}
          placeholder={t('admin.p.allProvinces')}
          aria-label={t('cases.province')}
          options={provinceOptions}
          showSearch={{ filterOption: (input, o) => foldVietnamese(`${o?.label ?? ''} ${o?.value ?? ''}`).includes(foldVietnamese(input)) }}
          style={{ width: 220 }}
        />
      </Space>
      {partners.isError ? (
        <QueryError error={partners.error} retry={() => void partners.refetch()} />
      ) : (
        <Table<TPartnerView>
          size="small"
          rowKey="id"
          loading={partners.isPending}
          dataSource={rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 1100 }}
          onRow={(p) => ({ 'data-partner-id': p.id, 'data-paused': String(p.paused) }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('admin.name'),
              dataIndex: 'name',
              render: (n: string, p) => (
                <span>
                  {n}
                  {p.paused ? <Tag color="orange" style={{ marginLeft: 6 }} data-testid="partner-paused-tag">{t('admin.paused')}</Tag> : null}
                  {!p.active ? <Tag style={{ marginLeft: 6 }}>{t('admin.inactive')}</Tag> : null}
                </span>
              ),
            },
            { title: t('admin.kind'), dataIndex: 'kind', width: 150, render: (k: string, p) => <span>{t(`partnerKind.${k}`, k)}<div className="muted">{t(`partnerType.${p.type}`, p.type)}</div></span> },
            {
              title: t('cases.province'),
              key: 'area',
              width: 170,
              render: (_, p) => (
                <span>
                  {provinceName(p.area.provinceCode)}
                  <div className="muted">{p.area.communeCodes.length ? t('admin.communes', { count: p.area.communeCodes.length }) : t('admin.wholeProvince')}</div>
                </span>
              ),
            },
            { title: t('admin.capacity'), dataIndex: 'capacity', width: 190, render: (c: TPartnerView['capacity'], p: TPartnerView) => (c ? <Link to={`/facilities/${p.id}/residents`}>{`${c.bedsInUse}/${c.bedsTotal}`}</Link> : '—') },
            { title: t('admin.onDuty'), dataIndex: 'onDuty', width: 150, render: (d: TPartnerView['onDuty']) => (d ? <DutyText d={d} /> : '24/7') },
            { title: t('admin.channels'), dataIndex: 'channels', width: 150, render: (c: string[]) => c.map((x) => t(`admin.p.channel.${x}`, x)).join(' → ') },
            {
              title: t('admin.p.pause'),
              key: 'paused',
              width: 110,
              render: (_, p) => (
                <Switch
                  size="small"
                  checked={p.paused}
                  loading={busy === p.id}
                  onChange={(v) => pause.mutate({ id: p.id, patch: { paused: v } })}
                  aria-label={t('admin.p.pauseOf', { name: p.name })}
                  data-testid={`partner-pause-${p.id}`}
                />
              ),
            },
            {
              title: <span className="visually-hidden">{t('admin.edit')}</span>,
              key: 'edit',
              width: 90,
              render: (_, p) => (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} aria-label={t('admin.editOf', { name: p.name })} data-testid={`partner-edit-${p.id}`}>
                  {t('admin.edit')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {adding ? (
        <PartnerCreateDialog
          onClose={() => setAdding(false)}
          onCreated={() => {
            // The new partner is listed first (newest first): clear the filters so it shows.
            setSearch('');
            setProvince(undefined);
          }}
        />
      ) : null}
      {editing ? <PartnerEditDialog partner={editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

function DutyText({ d }: { d: NonNullable<TPartnerView['onDuty']> }) {
  const { t } = useTranslation();
  const days = DAYS.filter((x) => d.days.includes(x)).map((x) => t(`admin.p.day.${x}`));
  return (
    <span>
      {d.from}–{d.to}
      <div className="muted">{days.length === 7 ? t('admin.p.everyDay') : days.join(', ')}</div>
    </span>
  );
}
