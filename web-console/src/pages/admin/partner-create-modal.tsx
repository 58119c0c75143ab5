/**
 * Adding a partner: a commune collaborator, a facility with beds or an
 * agency. The form is checked by the API's own ZPartnerInput (through
 * @hookform/resolvers) on the body it will send, so the paths of its issues
 * are the form's field names; the API's 400 issues land on the same fields.
 * Phones may be typed the Vietnamese way ("0912 345 678"): they are sent as
 * E.164 (+84912345678), which is what the API stores.
 */
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Controller, get, useForm, type FieldError, type FieldErrors, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Button, Col, Input, InputNumber, Modal, Row, Select, Space, Typography } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import {
  CATEGORY_CODES, foldVietnamese, PARTNER_KINDS, PARTNER_TYPES, PERSON_GROUPS, ZE164, ZPartnerInput,
  type TCategory, type TNotifyChannel, type TPartnerInput, type TPartnerView, type TPersonGroup, type TUserView,
} from '@hotline/core';
import { ApiError, http, qs } from '../../api/http';
import type { Page } from '../../api/types';
import { useUser } from '../../auth/session';
import { CommuneMultiSelect } from '../../components/commune-multi-select';
import { ariaFor, Field } from '../../components/field';
import { ProvincePicker } from '../../components/location-pickers';
import { applyServerErrors } from '../../lib/form-errors';
import { useDebounced } from '../../lib/use-debounced';
import { FIELDSET, LEGEND, localIssue, PARTNERS_KEY } from './admin-common';
import { ChannelOrder } from './channel-order';

type Kind = (typeof PARTNER_KINDS)[number];
const MAX_PHONES = 5;

interface NewPartnerValues {
  name: string;
  kind: Kind | '';
  type: string;
  /** As typed; sent as E.164. */
  phones: string[];
  categories: TCategory[];
  area: { provinceCode: string; communeCodes: string[] };
  /** Sent only for facilities. */
  capacity: { bedsTotal: number | null; bedsInUse: number | null; groups: TPersonGroup[] };
  channels: TNotifyChannel[];
  userId: string | null;
}

/** "0912 345 678", "84 912 345 678" and "+84 (0) 912-345-678" → "+84912345678"; anything else is left for the schema to refuse. */
export function phoneToE164(input: string): string {
  const typed = input.trim();
  const compact = typed.replace(/[\s().-]/g, '');
  if (/^\+840\d{9,10}$/.test(compact)) return `+84${compact.slice(4)}`;
  if (/^\+\d+$/.test(compact)) return compact;
  if (/^0\d{9,10}$/.test(compact)) return `+84${compact.slice(1)}`;
  if (/^84\d{9,10}$/.test(compact)) return `+${compact}`;
  return typed;
}

const kindOf = (type: string): Kind | '' => PARTNER_KINDS.find((k) => (PARTNER_TYPES[k] as readonly string[]).includes(type)) ?? '';

/** Groups a facility of this type usually takes in, offered when none are chosen yet. */
const USUAL_GROUPS: Partial<Record<string, TPersonGroup[]>> = {
  childrens_home: ['child'],
  elderly_care_centre: ['elderly'],
  mental_health_facility: ['person_with_mental_illness'],
  shelter: ['violence_survivor'],
};

/** The body POST /api/partners receives, built from what the form holds. */
function toPartnerPayload(v: NewPartnerValues) {
  return {
    name: v.name,
    kind: v.kind,
    type: v.type,
    phones: v.phones.map(phoneToE164),
    categories: v.categories,
    area: { provinceCode: v.area.provinceCode, communeCodes: v.area.communeCodes },
    capacity:
      v.kind === 'facility'
        ? { bedsTotal: v.capacity.bedsTotal ?? Number.NaN, bedsInUse: v.capacity.bedsInUse ?? Number.NaN, groups: v.capacity.groups }
        : null,
    channels: v.channels,
    userId: v.userId || null,
  };
}

/** An issue path of the API (or of the schema) → the form field that shows it. */
const fieldPath = (p: string) =>
  p
    .replace(/^(categories|channels|area\.communeCodes|capacity\.groups)\.\d+$/, '$1')
    .replace(/^capacity$/, 'capacity.bedsTotal')
    .replace(/^kind$/, 'type');
const FIELDS = new Set([
  'name', 'type', 'phones', 'categories', 'area.provinceCode', 'area.communeCodes', 'capacity.bedsTotal', 'capacity.bedsInUse',
  'capacity.groups', 'channels', 'userId',
]);
const knownField = (p: string) => FIELDS.has(p) || /^phones\.\d+$/.test(p);

/** For a field left empty (zod's "too small" / "invalid option"), a sentence that says what to do. */
const WHEN_EMPTY: Record<string, string> = {
  name: 'admin.p.need.name',
  type: 'admin.p.need.type',
  phones: 'admin.p.need.phones',
  categories: 'admin.p.need.categories',
  'area.provinceCode': 'admin.p.need.province',
  'capacity.bedsTotal': 'admin.p.need.beds',
  'capacity.bedsInUse': 'admin.p.need.beds',
  'capacity.groups': 'admin.p.need.groups',
  channels: 'admin.p.need.channels',
};
const EMPTY_CODES = new Set(['too_small', 'invalid_value', 'invalid_type']);

export function PartnerCreateModal({ onClose, onCreated }: { onClose: () => void; onCreated: (p: TPartnerView) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const me = useUser();
  const [problems, setProblems] = useState<string[]>([]);
  const resolver = useMemo<Resolver<NewPartnerValues, unknown, TPartnerInput>>(() => {
    const schema = zodResolver(ZPartnerInput);
    return (values, ctx, options) => (schema as unknown as Resolver<NewPartnerValues, unknown, TPartnerInput>)(toPartnerPayload(values) as never, ctx, options);
  }, []);
  const { control, handleSubmit, setError, setValue, getValues, watch, formState } = useForm<NewPartnerValues, unknown, TPartnerInput>({
    resolver,
    defaultValues: {
      name: '',
      kind: '',
      type: '',
      phones: [''],
      categories: [],
      area: { provinceCode: !me.allProvinces && me.provinces.length === 1 ? (me.provinces[0] ?? '') : '', communeCodes: [] },
      capacity: { bedsTotal: null, bedsInUse: 0, groups: [] },
      channels: ['sms', 'voice'],
      userId: null,
    },
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const kind = watch('kind');
  const phones = watch('phones');
  const channels = watch('channels');
  const provinceCode = watch('area.provinceCode');
  const revalidate = { shouldDirty: true, shouldValidate: formState.isSubmitted };

  const create = useMutation({
    mutationFn: (body: TPartnerInput) => http.post<TPartnerView>('/api/partners', body),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: PARTNERS_KEY });
      void message.success(t('admin.p.created', { name: p.name }));
      onCreated(p);
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        setError('name', { type: 'server', message: t('admin.p.nameTaken') }, { shouldFocus: true });
        setProblems([]);
      } else if (e instanceof ApiError && e.offline) setProblems([t('app.offlineError')]);
      else setProblems(applyServerErrors(e, setError, knownField, fieldPath));
    },
  });
  const submit = handleSubmit(
    (body) => {
      setProblems([]);
      if (!create.isPending) create.mutate(body);
    },
    () => setProblems([]),
  );

  const errors = formState.errors as FieldErrors<Record<string, unknown>>;
  const err = (path: string): string | undefined => {
    const e = get(errors, path) as FieldError | undefined;
    if (!e?.message) return undefined;
    const need = WHEN_EMPTY[path];
    if (need && e.type !== 'server' && EMPTY_CODES.has(e.type)) return t(need);
    return localIssue(t, e.message);
  };
  const typeError = err('type') ?? err('kind');

  const typeOptions = useMemo(
    () =>
      PARTNER_KINDS.map((k) => ({
        label: t(`partnerKind.${k}`),
        title: t(`partnerKind.${k}`),
        options: PARTNER_TYPES[k].map((ty) => ({ value: ty, label: t(`partnerType.${ty}`), search: foldVietnamese(`${t(`partnerType.${ty}`)} ${t(`partnerKind.${k}`)}`) })),
      })),
    [t],
  );
  const categoryOptions = useMemo(() => CATEGORY_CODES.map((c) => ({ value: c, label: t(`category.${c}`), search: foldVietnamese(t(`category.${c}`)) })), [t]);
  const groupOptions = useMemo(() => PERSON_GROUPS.map((g) => ({ value: g, label: t(`group.${g}`), search: foldVietnamese(t(`group.${g}`)) })), [t]);
  const folded = (input: string, option?: { search?: string }) => Boolean(option?.search?.includes(foldVietnamese(input)));

  // Collaborator accounts, searched by the API, for the console channel.
  const [userSearch, setUserSearch] = useState('');
  const userQ = useDebounced(userSearch.trim(), 300);
  const collaborators = useQuery({
    queryKey: ['admin', 'users', 'collaborators', userQ],
    queryFn: () => http.get<Page<TUserView>>(`/api/users${qs({ role: 'collaborator', active: 'true', q: userQ || undefined, limit: 20 })}`),
    placeholderData: (prev) => prev,
  });
  const partnerName = useMemo(() => new Map((qc.getQueryData<TPartnerView[]>(PARTNERS_KEY) ?? []).map((p) => [p.id, p.name])), [qc]);

  const phoneRow = (i: number) => {
    const id = `partner-new-phone-${i}`;
    const e = err(`phones.${i}`);
    const e164 = phoneToE164(phones[i] ?? '');
    const shows = ZE164.safeParse(e164).success && e164 !== (phones[i] ?? '').trim();
    return (
      <div key={i} style={{ marginBottom: 6 }}>
        <Space.Compact style={{ width: '100%' }}>
          <Controller
            control={control}
            name={`phones.${i}`}
            render={({ field }) => (
              <Input
                {...field}
                id={id}
                aria-label={i === 0 ? undefined : t('admin.p.phoneN', { n: i + 1 })}
                aria-invalid={e ? true : undefined}
                aria-describedby={e ? `${id}-error` : 'partner-new-phones-help'}
                status={e ? 'error' : undefined}
                inputMode="tel"
                autoComplete="off"
                placeholder="0912 345 678"
                suffix={shows ? <span className="muted" data-testid={`${id}-e164`}>{e164}</span> : <span />}
              />
            )}
          />
          {phones.length > 1 ? (
            <Button
              icon={<CloseOutlined />}
              onClick={() => setValue('phones', phones.filter((_, j) => j !== i), revalidate)}
              aria-label={t('admin.p.removePhone', { n: i + 1 })}
            />
          ) : null}
        </Space.Compact>
        {e ? (
          <div className="field-error" id={`${id}-error`} role="alert">
            {e}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <Modal
      open
      title={<span id="partner-new-title">{t('admin.p.addTitle')}</span>}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('admin.p.create')}
      cancelText={t('app.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'partner-create' } as never}
      width={820}
      style={{ top: 24 }}
      destroyOnHidden
      maskClosable={false}
    >
      <form noValidate aria-labelledby="partner-new-title" onSubmit={(ev) => void submit(ev)} data-testid="partner-new-form">
        <Row gutter={12}>
          <Col xs={24} md={13}>
            <Field label={t('admin.name')} htmlFor="partner-new-name" error={err('name')} required>
              <Controller
                control={control}
                name="name"
                render={({ field }) => <Input {...field} {...ariaFor('partner-new-name', err('name'))} autoFocus autoComplete="off" placeholder={t('admin.p.namePlaceholder')} />}
              />
            </Field>
          </Col>
          <Col xs={24} md={11}>
            <Field label={t('admin.p.type')} htmlFor="partner-new-type" error={typeError} required>
              <Controller
                control={control}
                name="type"
                render={({ field }) => (
                  <Select<string>
                    ref={field.ref}
                    id="partner-new-type"
                    value={field.value || undefined}
                    onChange={(v) => {
                      const k = kindOf(v ?? '');
                      field.onChange(v ?? '');
                      setValue('kind', k, revalidate);
                      const usual = USUAL_GROUPS[v ?? ''];
                      if (k === 'facility' && usual && getValues('capacity.groups').length === 0) setValue('capacity.groups', usual, revalidate);
                    }}
                    onBlur={field.onBlur}
                    status={typeError ? 'error' : undefined}
                    options={typeOptions}
                    showSearch={{ filterOption: (input, o) => folded(input, o as { search?: string }) }}
                    placeholder={t('admin.p.typePlaceholder')}
                    style={{ width: '100%' }}
                    aria-invalid={typeError ? true : undefined}
                    aria-describedby={typeError ? 'partner-new-type-error' : undefined}
                  />
                )}
              />
            </Field>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} md={11}>
            <div className={`field ${err('phones') || phones.some((_, i) => err(`phones.${i}`)) ? 'field-has-error' : ''}`}>
              <label htmlFor="partner-new-phone-0" className="field-label">
                {t('admin.p.phones')}
                <span className="field-required" aria-hidden="true"> *</span>
              </label>
              {phones.map((_, i) => phoneRow(i))}
              {err('phones') ? (
                <div className="field-error" id="partner-new-phones-error" role="alert">
                  {err('phones')}
                </div>
              ) : null}
              <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
                {phones.length < MAX_PHONES ? (
                  <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setValue('phones', [...phones, ''], revalidate)} data-testid="partner-new-add-phone">
                    {t('admin.p.addPhone')}
                  </Button>
                ) : null}
                <span className="field-help" id="partner-new-phones-help" style={{ marginTop: 0 }}>
                  {t('admin.p.phonesHelp')}
                </span>
              </div>
            </div>
          </Col>
          <Col xs={24} md={13}>
            <Field label={t('admin.p.categories')} htmlFor="partner-new-categories" error={err('categories')} required>
              <Controller
                control={control}
                name="categories"
                render={({ field }) => (
                  <Select<TCategory[]>
                    ref={field.ref}
                    id="partner-new-categories"
                    mode="multiple"
                    value={field.value}
                    onChange={(v) => field.onChange(v)}
                    onBlur={field.onBlur}
                    status={err('categories') ? 'error' : undefined}
                    options={categoryOptions}
                    showSearch={{ filterOption: (input, o) => folded(input, o as { search?: string }) }}
                    placeholder={t('admin.p.categoriesPlaceholder')}
                    allowClear
                    style={{ width: '100%' }}
                    aria-invalid={err('categories') ? true : undefined}
                    aria-describedby={err('categories') ? 'partner-new-categories-error' : undefined}
                    data-testid="partner-new-categories-select"
                  />
                )}
              />
            </Field>
          </Col>
        </Row>

        <fieldset style={FIELDSET}>
          <legend style={LEGEND}>{t('admin.p.area')}</legend>
          <Row gutter={12}>
            <Col xs={24} md={9}>
              <Field label={t('cases.province')} htmlFor="partner-new-province" error={err('area.provinceCode')} required>
                <Controller
                  control={control}
                  name="area.provinceCode"
                  render={({ field }) => (
                    <ProvincePicker
                      id="partner-new-province"
                      value={field.value}
                      onChange={(v) => {
                        field.onChange(v);
                        setValue('area.communeCodes', []);
                      }}
                      onBlur={field.onBlur}
                      status={err('area.provinceCode') ? 'error' : ''}
                      allowed={me.allProvinces ? null : me.provinces}
                      aria-describedby={err('area.provinceCode') ? 'partner-new-province-error' : undefined}
                    />
                  )}
                />
              </Field>
            </Col>
            <Col xs={24} md={15}>
              <Field label={t('admin.p.communes')} htmlFor="partner-new-communes" error={err('area.communeCodes')} help={t('admin.p.communesHelp')}>
                <Controller
                  control={control}
                  name="area.communeCodes"
                  render={({ field }) => (
                    <CommuneMultiSelect
                      ref={field.ref}
                      provinceCode={provinceCode}
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      status={err('area.communeCodes') ? 'error' : ''}
                      placeholder={provinceCode ? t('admin.p.communesPlaceholder') : t('admin.p.provinceFirst')}
                      {...ariaFor('partner-new-communes', err('area.communeCodes'), true)}
                    />
                  )}
                />
              </Field>
            </Col>
          </Row>
        </fieldset>

        {kind === 'facility' ? (
          <fieldset style={FIELDSET} data-testid="partner-new-capacity">
            <legend style={LEGEND}>{t('admin.p.beds')}</legend>
            <Row gutter={12}>
              <Col xs={12} md={5}>
                <Field label={t('admin.p.bedsTotal')} htmlFor="partner-new-beds-total" error={err('capacity.bedsTotal')} required>
                  <Controller
                    control={control}
                    name="capacity.bedsTotal"
                    render={({ field }) => (
                      <InputNumber ref={field.ref} value={field.value} onChange={(v) => field.onChange(v)} onBlur={field.onBlur} min={0} precision={0} style={{ width: '100%' }} {...ariaFor('partner-new-beds-total', err('capacity.bedsTotal'))} />
                    )}
                  />
                </Field>
              </Col>
              <Col xs={12} md={5}>
                <Field label={t('admin.p.bedsInUse')} htmlFor="partner-new-beds-in-use" error={err('capacity.bedsInUse')} required>
                  <Controller
                    control={control}
                    name="capacity.bedsInUse"
                    render={({ field }) => (
                      <InputNumber ref={field.ref} value={field.value} onChange={(v) => field.onChange(v)} onBlur={field.onBlur} min={0} precision={0} style={{ width: '100%' }} {...ariaFor('partner-new-beds-in-use', err('capacity.bedsInUse'))} />
                    )}
                  />
                </Field>
              </Col>
              <Col xs={24} md={14}>
                <Field label={t('admin.p.groups')} htmlFor="partner-new-groups" error={err('capacity.groups')} required>
                  <Controller
                    control={control}
                    name="capacity.groups"
                    render={({ field }) => (
                      <Select<TPersonGroup[]>
                        ref={field.ref}
                        id="partner-new-groups"
                        mode="multiple"
                        value={field.value}
                        onChange={(v) => field.onChange(v)}
                        onBlur={field.onBlur}
                        status={err('capacity.groups') ? 'error' : undefined}
                        options={groupOptions}
                        showSearch={{ filterOption: (input, o) => folded(input, o as { search?: string }) }}
                        placeholder={t('admin.p.groupsPlaceholder')}
                        maxTagCount="responsive"
                        allowClear
                        style={{ width: '100%' }}
                        aria-invalid={err('capacity.groups') ? true : undefined}
                        aria-describedby={err('capacity.groups') ? 'partner-new-groups-error' : undefined}
                      />
                    )}
                  />
                </Field>
              </Col>
            </Row>
          </fieldset>
        ) : null}

        <fieldset style={FIELDSET}>
          <legend style={LEGEND}>{t('admin.channels')}</legend>
          <Row gutter={12}>
            <Col xs={24} md={11}>
              <Typography.Paragraph type="secondary" style={{ marginTop: 0, marginBottom: 4 }}>
                {t('admin.p.channelsHelp')}
              </Typography.Paragraph>
              <ChannelOrder id="partner-new-channels" channels={channels} onChange={(next) => setValue('channels', next, revalidate)} error={err('channels')} />
            </Col>
            <Col xs={24} md={13}>
              <Field label={t('admin.p.user')} htmlFor="partner-new-user" error={err('userId')} help={t('admin.p.userHelp')}>
                <Controller
                  control={control}
                  name="userId"
                  render={({ field }) => (
                    <Select<string>
                      ref={field.ref}
                      id="partner-new-user"
                      value={field.value ?? undefined}
                      onChange={(v) => {
                        field.onChange(v ?? null);
                        if (formState.isSubmitted) setValue('channels', getValues('channels'), revalidate);
                      }}
                      onBlur={field.onBlur}
                      allowClear
                      status={err('userId') ? 'error' : undefined}
                      loading={collaborators.isFetching}
                      options={(collaborators.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} · ${u.email}`, partnerId: u.partnerId }))}
                      optionRender={(o) => (
                        <span>
                          {o.data.label}
                          {o.data.partnerId ? (
                            <span className="muted"> ({t('admin.p.userLinked', { name: partnerName.get(o.data.partnerId) ?? o.data.partnerId })})</span>
                          ) : null}
                        </span>
                      )}
                      showSearch={{ filterOption: false, onSearch: setUserSearch, searchValue: userSearch }}
                      onOpenChange={(open) => (!open ? setUserSearch('') : undefined)}
                      notFoundContent={collaborators.isFetching ? t('app.loading') : t('app.none')}
                      placeholder={t('admin.p.userPlaceholder')}
                      style={{ width: '100%' }}
                      aria-describedby={err('userId') ? 'partner-new-user-error' : 'partner-new-user-help'}
                    />
                  )}
                />
              </Field>
            </Col>
          </Row>
        </fieldset>
        {problems.length ? <Alert type="error" showIcon title={t('admin.serverProblems')} description={problems.join('; ')} /> : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
    </Modal>
  );
}
