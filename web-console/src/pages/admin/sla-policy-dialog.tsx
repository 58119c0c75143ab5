/** One SLA policy (category × risk): windows, clock, follow-ups and reminders; saved with the whole set. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Controller, useForm } from 'react-hook-form';
import { Alert, Col, Input, InputNumber, Radio, Row } from 'antd';
import { SLA_CLOCKS, ZSlaSettingsInput, type TEscalationStep, type TSlaPolicy, type TSlaSettingsInput, type TSlaSettingsView } from '@hotline/core';
import { ariaFor, ChipField, Field } from '../../components/field';
import { applyServerErrors, schemaResolver, type FieldOf } from '../../lib/form-errors';
import { FIELDSET, LEGEND, localIssue, minutesText, numberListText, parseNumberList } from './admin-common';
import { describeIssues, settingsInput, useSaveSettings } from './sla-settings';
import { FormDialog } from '../../components/form-dialog';

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

/** An issue about this policy (policySet.policies.<index>.<field>…) shows on its field; the rest are listed. */
const policyFieldOf =
  (index: number): FieldOf =>
  (path) => {
    const [a, b, c, d] = path.split('.');
    return a === 'policySet' && b === 'policies' && c === String(index) ? POLICY_FIELDS[d ?? ''] : undefined;
  };

export function SlaPolicyDialog({ view, index, onClose }: { view: TSlaSettingsView; index: number; onClose: () => void }) {
  const { t } = useTranslation();
  const policy = view.policySet.policies[index]!;
  const [problems, setProblems] = useState<string[]>([]);
  const fieldOf = useMemo(() => policyFieldOf(index), [index]);
  const resolver = useMemo(
    () =>
      schemaResolver<PolicyValues, TSlaSettingsInput>(
        ZSlaSettingsInput,
        (v) => {
          const next: TSlaPolicy = {
            ...policy,
            clock: v.clock,
            acceptWithinMinutes: v.acceptWithinMinutes ?? Number.NaN,
            firstContactWithinMinutes: v.firstContactWithinMinutes ?? Number.NaN,
            followUpAfterDays: parseNumberList(v.followUpDays),
            reminderFractions: parseNumberList(v.reminderPercents, 0.01),
          };
          const policies = view.policySet.policies.map((p, i) => (i === index ? next : p));
          return settingsInput(view, { policySet: { ...view.policySet, policies } });
        },
        fieldOf,
        {
          other: (issues) => {
            const described = describeIssues(t, view, issues);
            setProblems(described);
            return described.join('; ');
          },
        },
      ),
    [view, index, policy, fieldOf, t],
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
  const submit = handleSubmit((body) => {
    setProblems([]);
    save.mutate(body, { onError: (e) => setProblems(applyServerErrors(e, setError, fieldOf, t('app.offlineError')).map((m) => localIssue(t, m))) });
  });
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
    <FormDialog
      titleId="sla-form-title"
      title={t('admin.sla.editTitle', { category: t(`category.${policy.category}`, policy.category), risk: t(`risk.${policy.riskLevel}`) })}
      saving={save.isPending}
      okTestId="sla-save"
      formTestId="sla-form"
      onClose={onClose}
      submit={submit}
    >
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
    </FormDialog>
  );
}
