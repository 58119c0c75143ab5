/** The legal clock (window, escalations before it runs out) and the quiet hours for reminder SMS; saved with the whole set. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Controller, useForm } from 'react-hook-form';
import { Alert, Checkbox, Col, Input, InputNumber, Row, Switch, Typography } from 'antd';
import { RISK_LEVELS, ZSlaSettingsInput, type TRiskLevel, type TSlaSettingsInput, type TSlaSettingsView } from '@hotline/core';
import { ariaFor, ChipField, Field } from '../../components/field';
import { applyServerErrors, schemaResolver, type FieldOf } from '../../lib/form-errors';
import { FIELDSET, LEGEND, localIssue, numberListText, parseNumberList } from './admin-common';
import { settingsInput, useSaveSettings, describeIssues } from './sla-settings';
import { FormDialog } from '../../components/form-dialog';

interface LegalValues {
  withinHours: number | null;
  escalateBefore: string;
  quietEnabled: boolean;
  quietFrom: string;
  quietTo: string;
  exemptRiskLevels: TRiskLevel[];
}

/** An issue about the legal clock's window or escalations, or about the quiet hours, shows on its field. */
const legalFieldOf: FieldOf = (p) => {
  const [a, b, c] = p.split('.');
  if (a === 'policySet' && b === 'legalClock') return c === 'withinHours' ? 'withinHours' : c === 'escalateBeforeMinutes' ? 'escalateBefore' : undefined;
  if (a === 'quietHours') return ({ enabled: 'quietEnabled', from: 'quietFrom', to: 'quietTo', exemptRiskLevels: 'exemptRiskLevels' } as const)[b as 'enabled'];
  return undefined;
};

export function SlaLegalDialog({ view, onClose }: { view: TSlaSettingsView; onClose: () => void }) {
  const { t } = useTranslation();
  const lc = view.policySet.legalClock;
  const [problems, setProblems] = useState<string[]>([]);
  const resolver = useMemo(
    () =>
      schemaResolver<LegalValues, TSlaSettingsInput>(
        ZSlaSettingsInput,
        (v) =>
          settingsInput(view, {
            policySet: { ...view.policySet, legalClock: { ...lc, withinHours: v.withinHours ?? Number.NaN, escalateBeforeMinutes: parseNumberList(v.escalateBefore) } },
            quietHours: { ...view.quietHours, enabled: v.quietEnabled, from: v.quietFrom, to: v.quietTo, exemptRiskLevels: v.exemptRiskLevels },
          }),
        legalFieldOf,
        {
          other: (issues) => {
            const described = describeIssues(t, view, issues);
            setProblems(described);
            return described.join('; ');
          },
        },
      ),
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
  const submit = handleSubmit((body) => {
    setProblems([]);
    save.mutate(body, { onError: (e) => setProblems(applyServerErrors(e, setError, legalFieldOf, t('app.offlineError')).map((m) => localIssue(t, m))) });
  });
  const e = formState.errors as Record<string, { message?: string } | undefined>;
  const err = (k: string) => (e[k]?.message ? localIssue(t, e[k].message) : undefined);

  return (
    <FormDialog
      titleId="legal-form-title"
      title={t('admin.sla.legalAndQuiet')}
      saving={save.isPending}
      okTestId="legal-save"
      formTestId="legal-form"
      onClose={onClose}
      submit={submit}
    >
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
                  onChange={(v) => field.onChange(v)}
                  disabled={!quietEnabled}
                  options={RISK_LEVELS.map((r) => ({ value: r, label: t(`risk.${r}`) }))}
                />
              )}
            />
          </ChipField>
        </fieldset>
        {problems.length ? <Alert type="error" showIcon title={t('admin.serverProblems')} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{problems.map((p) => <li key={p}>{p}</li>)}</ul>} /> : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
    </FormDialog>
  );
}
