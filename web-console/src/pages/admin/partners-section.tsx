/**
 * Partners: the table of collaborators, facilities and agencies, a pause
 * switch per row (a paused partner is offered no new cases), the form that
 * adds a partner (partner-create-modal.tsx), and an edit form
 * for duty hours, beds and the order of notice channels, checked by the API's
 * ZPartnerPatch before it is sent.
 */
import { useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Controller, useForm, type Resolver } from 'react-hook-form';
import { Alert, App, Button, Card, Checkbox, Col, Input, InputNumber, Modal, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { foldVietnamese, PROVINCES, ZPartnerPatch, type TNotifyChannel, type TPartnerPatch, type TPartnerView } from '@hotline/core';
import { http } from '../../api/http';
import { ariaFor, ChipField, Field } from '../../components/field';
import { provinceName } from '../../components/labels';
import { QueryError } from '../../components/query-state';
import { applyServerErrors } from '../../lib/form-errors';
import { FIELDSET, LEGEND, localIssue, PARTNERS_KEY, useAllPartners } from './admin-common';
import { ChannelOrder } from './channel-order';
import { PartnerCreateModal } from './partner-create-modal';

const DAYS = [1, 2, 3, 4, 5, 6, 0] as const;

export function PartnersSection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
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

  const pause = useMutation({
    mutationFn: ({ p, paused }: { p: TPartnerView; paused: boolean }) => http.patch<TPartnerView>(`/api/partners/${p.id}`, { paused }),
    onMutate: ({ p }) => setBusy(p.id),
    onSettled: () => setBusy(null),
    onSuccess: (p) => {
      qc.setQueryData<TPartnerView[]>(PARTNERS_KEY, (old) => old?.map((x) => (x.id === p.id ? p : x)));
      void message.success(p.paused ? t('admin.p.pausedNow', { name: p.name }) : t('admin.p.resumedNow', { name: p.name }));
    },
    onError: (e) => void message.error((e as Error).message),
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
            { title: t('admin.capacity'), dataIndex: 'capacity', width: 190, render: (c: TPartnerView['capacity']) => (c ? `${c.bedsInUse}/${c.bedsTotal}` : '—') },
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
                  onChange={(v) => pause.mutate({ p, paused: v })}
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
        <PartnerCreateModal
          onClose={() => setAdding(false)}
          onCreated={() => {
            // The new partner is listed first (newest first): clear the filters so it shows.
            setSearch('');
            setProvince(undefined);
          }}
        />
      ) : null}
      {editing ? <PartnerModal partner={editing} onClose={() => setEditing(null)} /> : null}
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

interface PartnerValues {
  aroundTheClock: boolean;
  days: number[];
  from: string;
  to: string;
  bedsTotal: number | null;
  bedsInUse: number | null;
  channels: TNotifyChannel[];
}

const FIELD_OF: Array<[RegExp, keyof PartnerValues]> = [
  [/^onDuty\.days/, 'days'],
  [/^onDuty\.from/, 'from'],
  [/^onDuty\.to/, 'to'],
  [/^capacity\.bedsTotal/, 'bedsTotal'],
  [/^capacity\.bedsInUse/, 'bedsInUse'],
  [/^capacity$/, 'bedsInUse'],
  [/^channels/, 'channels'],
];
const fieldOf = (path: string): string => FIELD_OF.find(([re]) => re.test(path))?.[1] ?? path;

function patchOf(v: PartnerValues, p: TPartnerView): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const onDuty = v.aroundTheClock ? null : { days: [...v.days].sort(), from: v.from, to: v.to };
  if (JSON.stringify(onDuty) !== JSON.stringify(p.onDuty ? { ...p.onDuty, days: [...p.onDuty.days].sort() } : null)) patch.onDuty = onDuty;
  if (p.capacity && (v.bedsTotal !== p.capacity.bedsTotal || v.bedsInUse !== p.capacity.bedsInUse)) {
    patch.capacity = { bedsTotal: v.bedsTotal ?? Number.NaN, bedsInUse: v.bedsInUse ?? Number.NaN, groups: p.capacity.groups };
  }
  if (v.channels.join() !== p.channels.join()) patch.channels = v.channels;
  return patch;
}

function PartnerModal({ partner, onClose }: { partner: TPartnerView; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const resolver = useMemo<Resolver<PartnerValues, unknown, TPartnerPatch>>(
    () => async (values) => {
      const parsed = ZPartnerPatch.safeParse(patchOf(values, partner));
      if (parsed.success) return { values: parsed.data, errors: {} };
      const errors: Record<string, { type: string; message: string }> = {};
      for (const i of parsed.error.issues) {
        const key = i.path.length ? fieldOf(i.path.join('.')) : 'root';
        errors[key] ??= { type: 'schema', message: key === 'root' ? t('admin.nothingChanged') : i.message };
      }
      return { values: {}, errors: errors as never };
    },
    [partner, t],
  );
  const { control, handleSubmit, setError, watch, setValue, formState } = useForm<PartnerValues, unknown, TPartnerPatch>({
    resolver,
    defaultValues: {
      aroundTheClock: partner.onDuty === null,
      days: partner.onDuty?.days ?? [1, 2, 3, 4, 5],
      from: partner.onDuty?.from ?? '07:30',
      to: partner.onDuty?.to ?? '17:00',
      bedsTotal: partner.capacity?.bedsTotal ?? null,
      bedsInUse: partner.capacity?.bedsInUse ?? null,
      channels: [...partner.channels],
    },
  });
  const aroundTheClock = watch('aroundTheClock');
  const channels = watch('channels');
  const save = useMutation({
    mutationFn: (body: TPartnerPatch) => http.patch<TPartnerView>(`/api/partners/${partner.id}`, body),
    onSuccess: (p) => {
      qc.setQueryData<TPartnerView[]>(PARTNERS_KEY, (old) => old?.map((x) => (x.id === p.id ? p : x)));
      void message.success(t('admin.p.saved', { name: p.name }));
      onClose();
    },
    onError: (e) => setProblems(applyServerErrors(e, setError, (p) => ['days', 'from', 'to', 'bedsTotal', 'bedsInUse', 'channels'].includes(p), fieldOf)),
  });
  const submit = handleSubmit(
    (body) => {
      setProblems([]);
      if (!save.isPending) save.mutate(body);
    },
    () => setProblems([]),
  );
  const e = formState.errors as Record<string, { message?: string } | undefined>;
  const err = (k: string) => (e[k]?.message ? localIssue(t, e[k].message) : undefined);
  const setChannels = (next: TNotifyChannel[]) => setValue('channels', next, { shouldDirty: true, shouldValidate: formState.isSubmitted });

  return (
    <Modal
      open
      title={<span id="partner-form-title">{t('admin.p.editTitle', { name: partner.name })}</span>}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'partner-save' } as never}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      <form noValidate aria-labelledby="partner-form-title" onSubmit={(ev) => void submit(ev)} data-testid="partner-form">
        <fieldset style={FIELDSET}>
          <legend style={LEGEND}>{t('admin.onDuty')}</legend>
          <Controller
            control={control}
            name="aroundTheClock"
            render={({ field }) => (
              <Checkbox id="partner-247" ref={field.ref} checked={field.value} onChange={(ev) => field.onChange(ev.target.checked)} autoFocus>
                {t('admin.p.aroundTheClock')}
              </Checkbox>
            )}
          />
          {!aroundTheClock ? (
            <div style={{ marginTop: 8 }}>
              <ChipField label={t('admin.p.days')} id="partner-days" error={err('days')} required>
                <Controller
                  control={control}
                  name="days"
                  render={({ field }) => (
                    <Checkbox.Group
                      aria-labelledby="partner-days-label"
                      value={field.value}
                      onChange={(v) => field.onChange(v as number[])}
                      options={DAYS.map((d) => ({ value: d, label: t(`admin.p.day.${d}`) }))}
                    />
                  )}
                />
              </ChipField>
              <Row gutter={12}>
                <Col span={12}>
                  <Field label={t('admin.p.from')} htmlFor="partner-from" error={err('from')} required>
                    <Controller control={control} name="from" render={({ field }) => <Input {...field} {...ariaFor('partner-from', err('from'))} placeholder="07:30" inputMode="numeric" />} />
                  </Field>
                </Col>
                <Col span={12}>
                  <Field label={t('admin.p.to')} htmlFor="partner-to" error={err('to')} required>
                    <Controller control={control} name="to" render={({ field }) => <Input {...field} {...ariaFor('partner-to', err('to'))} placeholder="17:00" inputMode="numeric" />} />
                  </Field>
                </Col>
              </Row>
            </div>
          ) : null}
        </fieldset>

        <fieldset style={FIELDSET}>
          <legend style={LEGEND}>{t('admin.p.beds')}</legend>
          {partner.capacity ? (
            <Row gutter={12}>
              <Col span={12}>
                <Field label={t('admin.p.bedsInUse')} htmlFor="partner-beds-in-use" error={err('bedsInUse')} required>
                  <Controller
                    control={control}
                    name="bedsInUse"
                    render={({ field }) => (
                      <InputNumber ref={field.ref} value={field.value} onChange={(v) => field.onChange(v)} onBlur={field.onBlur} min={0} precision={0} style={{ width: '100%' }} {...ariaFor('partner-beds-in-use', err('bedsInUse'))} />
                    )}
                  />
                </Field>
              </Col>
              <Col span={12}>
                <Field label={t('admin.p.bedsTotal')} htmlFor="partner-beds-total" error={err('bedsTotal')} required>
                  <Controller
                    control={control}
                    name="bedsTotal"
                    render={({ field }) => (
                      <InputNumber ref={field.ref} value={field.value} onChange={(v) => field.onChange(v)} onBlur={field.onBlur} min={0} precision={0} style={{ width: '100%' }} {...ariaFor('partner-beds-total', err('bedsTotal'))} />
                    )}
                  />
                </Field>
              </Col>
            </Row>
          ) : (
            <Typography.Text type="secondary">{t('admin.p.noBeds')}</Typography.Text>
          )}
        </fieldset>

        <fieldset style={FIELDSET}>
          <legend style={LEGEND}>{t('admin.channels')}</legend>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('admin.p.channelsHelp')}</Typography.Paragraph>
          <ChannelOrder id="partner-channels" channels={channels} onChange={setChannels} error={err('channels')} />
        </fieldset>
        {e.root?.message ? <Alert type="info" showIcon title={e.root.message} style={{ marginBottom: 8 }} /> : null}
        {problems.length ? <Alert type="error" showIcon title={t('admin.serverProblems')} description={problems.join('; ')} /> : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
    </Modal>
  );
}
