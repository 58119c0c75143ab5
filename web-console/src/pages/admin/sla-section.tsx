/**
 * SLA policies as stored (GET /api/sla-policies): a row per category × risk
 * level, the legal clock and the quiet hours for reminders. Each edit changes
 * one part and PUTs the whole settings back, after the API's own
 * ZSlaSettingsInput has checked the whole set in the browser (a policy must
 * also fit the legal clock, so the set is checked, not the row alone).
 */
import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Controller, useForm, type Resolver } from 'react-hook-form';
import dayjs from 'dayjs';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Input, InputNumber, Modal, Radio, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import {
  CATEGORY_CODES, foldVietnamese, legalClockCovers, RISK_LEVELS, SLA_CLOCKS, ZSlaSettingsInput, type TCategory, type TEscalationStep, type TRiskLevel, type TSlaPolicy,
  type TSlaSettingsInput, type TSlaSettingsView, type TUserView,
} from '@hotline/core';
import { ApiError, http } from '../../api/http';
import { ariaFor, ChipField, Field } from '../../components/field';
import { RiskTag } from '../../components/labels';
import { QueryError } from '../../components/query-state';
import { applyServerErrors } from '../../lib/form-errors';
import { FIELDSET, LEGEND, localIssue, minutesText, numberListText, parseNumberList, put } from './admin-common';

const SLA_KEY = ['admin', 'sla-policies'] as const;
const order = (p: Pick<TSlaPolicy, 'category' | 'riskLevel'>) => CATEGORY_CODES.indexOf(p.category) * 10 + RISK_LEVELS.indexOf(p.riskLevel);

type Issue = { path: PropertyKey[]; message: string };

/** The settings with one change, as the PUT body. */
function settingsInput(view: TSlaSettingsView, change: Partial<TSlaSettingsInput>): unknown {
  // The version read goes with the save: the API refuses it (409) when another admin saved in between.
  return { policySet: view.policySet, quietHours: view.quietHours, calendar: view.calendar, version: view.version, ...change };
}

/** "Nhận ca · Tư vấn viên" for an issue about another policy of the set. */
function describeOther(t: TFunction, view: TSlaSettingsView, path: string[]): string {
  const [, what, index, ...rest] = path;
  if (what === 'policies' && index !== undefined) {
    const p = view.policySet.policies[Number(index)];
    if (p) return `${t(`category.${p.category}`, p.category)} × ${t(`risk.${p.riskLevel}`)}${rest.length ? ` (${rest.join('.')})` : ''}`;
  }
  return path.join('.');
}

function useSaveSettings(onDone: () => void) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: (body: TSlaSettingsInput) => put<TSlaSettingsView>('/api/sla-policies', body),
    onSuccess: (view) => {
      qc.setQueryData(SLA_KEY, view);
      void message.success(t('admin.sla.saved', { version: view.version }));
      onDone();
    },
    onError: (e) => {
      // Someone else saved first: show their settings; the editor applies the change again on top.
      if (e instanceof ApiError && e.status === 409) {
        void message.warning(t('admin.sla.staleVersion'));
        void qc.invalidateQueries({ queryKey: SLA_KEY });
      }
    },
  });
}

export function SlaSection() {
  const { t } = useTranslation();
  const sla = useQuery({ queryKey: SLA_KEY, queryFn: () => http.get<TSlaSettingsView>('/api/sla-policies') });
  const [category, setCategory] = useState<TCategory | undefined>();
  const [editing, setEditing] = useState<number | null>(null);
  const [legalOpen, setLegalOpen] = useState(false);
  const view = sla.data;
  const updatedBy = view?.updatedBy ?? null;
  const author = useQuery({
    queryKey: ['admin', 'user', updatedBy],
    enabled: Boolean(updatedBy && /^[0-9a-f]{24}$/.test(updatedBy)),
    queryFn: () => http.get<TUserView>(`/api/users/${updatedBy}`),
    retry: false,
  });
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
          {editing !== null ? <PolicyModal view={view} index={editing} onClose={() => setEditing(null)} /> : null}
          {legalOpen ? <LegalModal view={view} onClose={() => setLegalOpen(false)} /> : null}
        </>
      ) : null}
    </Card>
  );
}

function LegalAndQuiet({ view, onEdit }: { view: TSlaSettingsView; onEdit: () => void }) {
  const { t } = useTranslation();
  const lc = view.policySet.legalClock;
  const q = view.quietHours;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      data-testid="sla-legal"
      title={<span style={{ fontSize: 14 }}>{t('admin.sla.legalAndQuiet')}</span>}
      extra={
        <Button size="small" icon={<EditOutlined />} onClick={onEdit} data-testid="sla-legal-edit">
          {t('admin.edit')}
        </Button>
      }
      items={[
        { key: 'within', label: t('admin.sla.legalWindow'), children: <span title={lc.legalBasis}>{t('admin.sla.hoursCount', { count: lc.withinHours })}</span> },
        { key: 'before', label: t('admin.sla.escalateBefore'), children: lc.escalateBeforeMinutes.length ? lc.escalateBeforeMinutes.map((m) => minutesText(t, m)).join(', ') : '—' },
        {
          key: 'applies',
          label: t('admin.sla.legalApplies'),
          children: (
            <span>
              {[...lc.categories, ...lc.childSubjectCategories].map((c) => t(`category.${c}`, c)).join(', ')} · {lc.riskLevels.map((r) => t(`risk.${r}`)).join(', ')}
            </span>
          ),
        },
        {
          key: 'quiet',
          label: t('admin.sla.quietHours'),
          children: q.enabled ? (
            <span data-testid="quiet-hours">
              {q.from}–{q.to}
              <span className="muted"> · {t('admin.sla.exempt', { levels: q.exemptRiskLevels.map((r) => t(`risk.${r}`)).join(', ') })}</span>
            </span>
          ) : (
            <span data-testid="quiet-hours">{t('admin.sla.quietOff')}</span>
          ),
        },
      ]}
    />
  );
}

function chainText(t: TFunction, steps: readonly TEscalationStep[]) {
  return steps.map((s) => `${t(`admin.sla.action.${s.action}`)} (+${minutesText(t, s.afterMinutes)})`).join(' → ');
}

interface PolicyValues {
  clock: TSlaPolicy['clock'];
  acceptWithinMinutes: number | null;
  firstContactWithinMinutes: number | null;
  followUpDays: string;
  reminderPercents: string;
}
const POLICY_FIELDS: Record<string, keyof PolicyValues> = {
  clock: 'clock',
  acceptWithinMinutes: 'acceptWithinMinutes',
  firstContactWithinMinutes: 'firstContactWithinMinutes',
  followUpAfterDays: 'followUpDays',
  reminderFractions: 'reminderPercents',
};

/** Splits the issues of the whole set into this form's fields and the rest. */
function splitIssues(t: TFunction, view: TSlaSettingsView, issues: readonly Issue[], fieldOf: (path: string[]) => string | undefined) {
  const fields: Record<string, { type: string; message: string }> = {};
  const other: string[] = [];
  for (const i of issues) {
    const path = i.path.map(String);
    const field = fieldOf(path);
    if (field) fields[field] ??= { type: 'schema', message: i.message };
    else other.push(`${describeOther(t, view, path)}: ${localIssue(t, i.message)}`);
  }
  return { fields, other };
}

function PolicyModal({ view, index, onClose }: { view: TSlaSettingsView; index: number; onClose: () => void }) {
  const { t } = useTranslation();
  const policy = view.policySet.policies[index]!;
  const [problems, setProblems] = useState<string[]>([]);
  const fieldOf = (path: string[]) => (path[0] === 'policySet' && path[1] === 'policies' && path[2] === String(index) ? POLICY_FIELDS[path[3] ?? ''] : undefined);
  const resolver = useMemo<Resolver<PolicyValues, unknown, TSlaSettingsInput>>(
    () => async (v) => {
      const next: TSlaPolicy = {
        ...policy,
        clock: v.clock,
        acceptWithinMinutes: v.acceptWithinMinutes ?? Number.NaN,
        firstContactWithinMinutes: v.firstContactWithinMinutes ?? Number.NaN,
        followUpAfterDays: parseNumberList(v.followUpDays),
        reminderFractions: parseNumberList(v.reminderPercents, 0.01),
      };
      const policies = view.policySet.policies.map((p, i) => (i === index ? next : p));
      const parsed = ZSlaSettingsInput.safeParse(settingsInput(view, { policySet: { ...view.policySet, policies } }));
      if (parsed.success) {
        setProblems([]);
        return { values: parsed.data, errors: {} };
      }
      const { fields, other } = splitIssues(t, view, parsed.error.issues, fieldOf);
      setProblems(other);
      return { values: {}, errors: fields as never };
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, index, policy, t],
  );
  const { control, handleSubmit, setError, formState } = useForm<PolicyValues, unknown, TSlaSettingsInput>({
    resolver,
    defaultValues: {
      clock: policy.clock,
      acceptWithinMinutes: policy.acceptWithinMinutes,
      firstContactWithinMinutes: policy.firstContactWithinMinutes,
      followUpDays: numberListText(policy.followUpAfterDays),
      reminderPercents: numberListText(policy.reminderFractions, 100),
    },
  });
  const save = useSaveSettings(onClose);
  const submit = handleSubmit((body) =>
    save.mutate(body, {
      onError: (e) =>
        setProblems(
          applyServerErrors(e, setError, (p) => Object.values(POLICY_FIELDS).includes(p as keyof PolicyValues), (p) => fieldOf(p.split('.')) ?? p).map((m) => localIssue(t, m)),
        ),
    }),
  );
  const e = formState.errors as Record<string, { message?: string } | undefined>;
  const err = (k: string) => (e[k]?.message ? localIssue(t, e[k].message) : undefined);
  const minutesField = (name: 'acceptWithinMinutes' | 'firstContactWithinMinutes', id: string, label: string, autoFocus?: boolean) => (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Field label={label} htmlFor={id} error={err(name)} required help={field.value ? `= ${minutesText(t, field.value)}` : undefined}>
          <InputNumber
            ref={field.ref}
            value={field.value}
            onChange={(v) => field.onChange(v)}
            onBlur={field.onBlur}
            min={1}
            precision={0}
            suffix={t('admin.min')}
            style={{ width: '100%' }}
            autoFocus={autoFocus}
            {...ariaFor(id, err(name), Boolean(field.value))}
          />
        </Field>
      )}
    />
  );

  return (
    <Modal
      open
      title={
        <span id="sla-form-title">
          {t('admin.sla.editTitle', { category: t(`category.${policy.category}`, policy.category), risk: t(`risk.${policy.riskLevel}`) })}
        </span>
      }
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'sla-save' } as never}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      <form noValidate aria-labelledby="sla-form-title" onSubmit={(ev) => void submit(ev)} data-testid="sla-form">
        <Row gutter={12}>
          <Col xs={24} md={12}>{minutesField('acceptWithinMinutes', 'sla-accept', t('admin.sla.acceptWithin'), true)}</Col>
          <Col xs={24} md={12}>{minutesField('firstContactWithinMinutes', 'sla-first-contact', t('admin.sla.firstContactWithin'))}</Col>
        </Row>
        <ChipField label={t('admin.clock')} id="sla-clock" error={err('clock')} required>
          <Controller
            control={control}
            name="clock"
            render={({ field }) => (
              <Radio.Group aria-labelledby="sla-clock-label" value={field.value} onChange={(ev) => field.onChange(ev.target.value)} optionType="button">
                {SLA_CLOCKS.map((c) => (
                  <Radio.Button key={c} value={c}>
                    {t(`admin.clocks.${c}`)}
                  </Radio.Button>
                ))}
              </Radio.Group>
            )}
          />
        </ChipField>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Field label={t('admin.sla.followUpDays')} htmlFor="sla-follow-up" error={err('followUpDays')} help={t('admin.sla.followUpHelp')}>
              <Controller control={control} name="followUpDays" render={({ field }) => <Input {...field} {...ariaFor('sla-follow-up', err('followUpDays'), true)} placeholder="3, 7, 30" />} />
            </Field>
          </Col>
          <Col xs={24} md={12}>
            <Field label={t('admin.sla.remindersPct')} htmlFor="sla-reminders" error={err('reminderPercents')} help={t('admin.sla.remindersHelp')}>
              <Controller control={control} name="reminderPercents" render={({ field }) => <Input {...field} {...ariaFor('sla-reminders', err('reminderPercents'), true)} placeholder="50, 80" />} />
            </Field>
          </Col>
        </Row>
        <fieldset style={FIELDSET}>
          <legend style={LEGEND}>{t('admin.sla.escalation')}</legend>
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {(['accept', 'first_contact', 'follow_up'] as const).map((k) => (
              <li key={k}>
                <strong>{t(`deadlineKind.${k}`)}:</strong> {chainText(t, policy.escalation[k])}
              </li>
            ))}
          </ul>
        </fieldset>
        {problems.length ? <Alert type="error" showIcon title={t('admin.serverProblems')} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} /> : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
    </Modal>
  );
}

interface LegalValues {
  withinHours: number | null;
  escalateBefore: string;
  quietEnabled: boolean;
  quietFrom: string;
  quietTo: string;
  exemptRiskLevels: TRiskLevel[];
}

function legalFieldOf(path: string[]): keyof LegalValues | undefined {
  const [a, b, c] = path;
  if (a === 'policySet' && b === 'legalClock') return c === 'withinHours' ? 'withinHours' : c === 'escalateBeforeMinutes' ? 'escalateBefore' : undefined;
  if (a === 'quietHours') return ({ enabled: 'quietEnabled', from: 'quietFrom', to: 'quietTo', exemptRiskLevels: 'exemptRiskLevels' } as const)[b as 'enabled'];
  return undefined;
}

function LegalModal({ view, onClose }: { view: TSlaSettingsView; onClose: () => void }) {
  const { t } = useTranslation();
  const lc = view.policySet.legalClock;
  const [problems, setProblems] = useState<string[]>([]);
  const resolver = useMemo<Resolver<LegalValues, unknown, TSlaSettingsInput>>(
    () => async (v) => {
      const parsed = ZSlaSettingsInput.safeParse(
        settingsInput(view, {
          policySet: { ...view.policySet, legalClock: { ...lc, withinHours: v.withinHours ?? Number.NaN, escalateBeforeMinutes: parseNumberList(v.escalateBefore) } },
          quietHours: { ...view.quietHours, enabled: v.quietEnabled, from: v.quietFrom, to: v.quietTo, exemptRiskLevels: v.exemptRiskLevels },
        }),
      );
      if (parsed.success) {
        setProblems([]);
        return { values: parsed.data, errors: {} };
      }
      const { fields, other } = splitIssues(t, view, parsed.error.issues, legalFieldOf);
      setProblems(other);
      return { values: {}, errors: fields as never };
    },
    [view, lc, t],
  );
  const { control, handleSubmit, setError, watch, formState } = useForm<LegalValues, unknown, TSlaSettingsInput>({
    resolver,
    defaultValues: {
      withinHours: lc.withinHours,
      escalateBefore: numberListText(lc.escalateBeforeMinutes),
      quietEnabled: view.quietHours.enabled,
      quietFrom: view.quietHours.from,
      quietTo: view.quietHours.to,
      exemptRiskLevels: view.quietHours.exemptRiskLevels,
    },
  });
  const quietEnabled = watch('quietEnabled');
  const save = useSaveSettings(onClose);
  const submit = handleSubmit((body) =>
    save.mutate(body, {
      onError: (e) => setProblems(applyServerErrors(e, setError, (p) => Boolean(legalFieldOf(p.split('.'))), (p) => legalFieldOf(p.split('.')) ?? p).map((m) => localIssue(t, m))),
    }),
  );
  const e = formState.errors as Record<string, { message?: string } | undefined>;
  const err = (k: string) => (e[k]?.message ? localIssue(t, e[k].message) : undefined);

  return (
    <Modal
      open
      title={<span id="legal-form-title">{t('admin.sla.legalAndQuiet')}</span>}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'legal-save' } as never}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      <form noValidate aria-labelledby="legal-form-title" onSubmit={(ev) => void submit(ev)} data-testid="legal-form">
        <fieldset style={FIELDSET}>
          <legend style={LEGEND}>{t('admin.sla.legalClock')}</legend>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{lc.legalBasis}</Typography.Paragraph>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Field label={t('admin.sla.legalWithin')} htmlFor="legal-within" error={err('withinHours')} required>
                <Controller
                  control={control}
                  name="withinHours"
                  render={({ field }) => (
                    <InputNumber ref={field.ref} value={field.value} onChange={(v) => field.onChange(v)} onBlur={field.onBlur} min={1} max={72} precision={0} suffix={t('admin.hours')} style={{ width: '100%' }} autoFocus {...ariaFor('legal-within', err('withinHours'))} />
                  )}
                />
              </Field>
            </Col>
            <Col xs={24} md={12}>
              <Field label={t('admin.sla.escalateBeforeMin')} htmlFor="legal-before" error={err('escalateBefore')} help={t('admin.sla.escalateBeforeHelp')}>
                <Controller control={control} name="escalateBefore" render={({ field }) => <Input {...field} {...ariaFor('legal-before', err('escalateBefore'), true)} placeholder="120, 30" />} />
              </Field>
            </Col>
          </Row>
        </fieldset>
        <fieldset style={FIELDSET}>
          <legend style={LEGEND}>{t('admin.sla.quietHours')}</legend>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('admin.sla.quietHelp')}</Typography.Paragraph>
          <Field label={t('admin.sla.quietEnabled')} htmlFor="quiet-enabled" error={err('quietEnabled')}>
            <Controller control={control} name="quietEnabled" render={({ field }) => <Switch id="quiet-enabled" ref={field.ref} checked={field.value} onChange={field.onChange} />} />
          </Field>
          <Row gutter={12}>
            <Col span={12}>
              <Field label={t('admin.p.from')} htmlFor="quiet-from" error={err('quietFrom')} required={quietEnabled}>
                <Controller control={control} name="quietFrom" render={({ field }) => <Input {...field} disabled={!quietEnabled} {...ariaFor('quiet-from', err('quietFrom'))} placeholder="21:00" />} />
              </Field>
            </Col>
            <Col span={12}>
              <Field label={t('admin.p.to')} htmlFor="quiet-to" error={err('quietTo')} required={quietEnabled}>
                <Controller control={control} name="quietTo" render={({ field }) => <Input {...field} disabled={!quietEnabled} {...ariaFor('quiet-to', err('quietTo'))} placeholder="07:00" />} />
              </Field>
            </Col>
          </Row>
          <ChipField label={t('admin.sla.exemptLevels')} id="quiet-exempt" error={err('exemptRiskLevels')}>
            <Controller
              control={control}
              name="exemptRiskLevels"
              render={({ field }) => (
                <Checkbox.Group
                  aria-labelledby="quiet-exempt-label"
                  value={field.value}
                  onChange={(v) => field.onChange(v as TRiskLevel[])}
                  disabled={!quietEnabled}
                  options={RISK_LEVELS.map((r) => ({ value: r, label: t(`risk.${r}`) }))}
                />
              )}
            />
          </ChipField>
        </fieldset>
        {problems.length ? <Alert type="error" showIcon title={t('admin.serverProblems')} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} /> : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
    </Modal>
  );
}
