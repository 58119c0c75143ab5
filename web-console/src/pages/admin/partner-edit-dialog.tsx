/**
 * A partner's duty hours, beds and the order of its notice channels. Only what
 * changed is sent, checked first by the API's ZPartnerPatch.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Controller, useForm } from 'react-hook-form';
import { Alert, App, Checkbox, Col, Input, InputNumber, Row, Typography } from 'antd';
import { ZPartnerPatch, type TNotifyChannel, type TPartnerPatch, type TPartnerView } from '@hotline/core';
import { useUpdatePartner } from '../../api/partners';
import { ariaFor, ChipField, Field } from '../../components/field';
import { applyServerErrors, fieldsOf, schemaResolver } from '../../lib/form-errors';
import { DAYS, FIELDSET, LEGEND, localIssue } from './admin-common';
import { ChannelOrder } from './channel-order';
import { FormDialog } from '../../components/form-dialog';

interface PartnerValues {
  aroundTheClock: boolean;
  days: number[];
  from: string;
  to: string;
  /** Beds per group the facility takes in (in use is counted from its residents, not typed). */
  beds: Record<string, number | null>;
  channels: TNotifyChannel[];
}

/** An issue of the patch (or of the API) → the field that shows it. */
const FIELD_OF = fieldsOf(
  ['days', 'from', 'to', 'beds', 'channels'],
  [
    [/^onDuty\.days.*$/, 'days'],
    [/^onDuty\.from.*$/, 'from'],
    [/^onDuty\.to.*$/, 'to'],
    [/^capacity.*$/, 'beds'],
    [/^channels.*$/, 'channels'],
  ],
);

function patchOf(v: PartnerValues, p: TPartnerView): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const onDuty = v.aroundTheClock ? null : { days: [...v.days].sort(), from: v.from, to: v.to };
  if (JSON.stringify(onDuty) !== JSON.stringify(p.onDuty ? { ...p.onDuty, days: [...p.onDuty.days].sort() } : null)) patch.onDuty = onDuty;
  if (p.capacity && p.capacity.beds.some((b) => v.beds[b.group] !== b.beds)) {
    patch.capacity = { beds: p.capacity.beds.map((b) => ({ group: b.group, beds: v.beds[b.group] ?? Number.NaN })) };
  }
  if (v.channels.join() !== p.channels.join()) patch.channels = v.channels;
  return patch;
}

export function PartnerEditDialog({ partner, onClose }: { partner: TPartnerView; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const resolver = useMemo(
    () =>
      schemaResolver<PartnerValues, TPartnerPatch>(ZPartnerPatch, (values) => patchOf(values, partner), FIELD_OF, {
        other: (issues) => (issues.some((i) => i.path === '') ? t('admin.nothingChanged') : issues.map((i) => `${i.path}: ${i.message}`).join('; ')),
      }),
    [partner, t],
  );
  const { control, handleSubmit, setError, watch, setValue, formState } = useForm<PartnerValues, unknown, TPartnerPatch>({
    resolver,
    defaultValues: {
      aroundTheClock: partner.onDuty === null,
      days: partner.onDuty?.days ?? [1, 2, 3, 4, 5],
      from: partner.onDuty?.from ?? '07:30',
      to: partner.onDuty?.to ?? '17:00',
      beds: Object.fromEntries((partner.capacity?.beds ?? []).map((b) => [b.group, b.beds])),
      channels: [...partner.channels],
    },
  });
  const aroundTheClock = watch('aroundTheClock');
  const channels = watch('channels');
  const save = useUpdatePartner({
    onSuccess: (p) => {
      void message.success(t('admin.p.saved', { name: p.name }));
      onClose();
    },
    onError: (e) => setProblems(applyServerErrors(e, setError, FIELD_OF, t('app.offlineError'))),
  });
  const submit = handleSubmit(
    (body) => {
      setProblems([]);
      if (!save.isPending) save.mutate({ id: partner.id, patch: body });
    },
    () => setProblems([]),
  );
  const e = formState.errors as Record<string, { message?: string } | undefined>;
  const err = (k: string) => (e[k]?.message ? localIssue(t, e[k].message) : undefined);
  const setChannels = (next: TNotifyChannel[]) => setValue('channels', next, { shouldDirty: true, shouldValidate: formState.isSubmitted });

  return (
    <FormDialog
      titleId="partner-form-title"
      title={t('admin.p.editTitle', { name: partner.name })}
      saving={save.isPending}
      okTestId="partner-save"
      formTestId="partner-form"
      onClose={onClose}
      submit={submit}
    >
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
                      onChange={(v) => field.onChange(v)}
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
              {partner.capacity.beds.map((b) => (
                <Col xs={12} md={8} key={b.group}>
                  <Field label={`${t('admin.p.bedsTotal')} · ${t(`group.${b.group}`)}`} htmlFor={`partner-beds-${b.group}`} error={err('beds')} required>
                    <Controller
                      control={control}
                      name={`beds.${b.group}`}
                      render={({ field }) => (
                        <InputNumber ref={field.ref} value={field.value} onChange={(v) => field.onChange(v)} onBlur={field.onBlur} min={0} precision={0} style={{ width: '100%' }} {...ariaFor(`partner-beds-${b.group}`, err('beds'))} />
                      )}
                    />
                  </Field>
                  <Typography.Text type="secondary" data-testid={`partner-in-use-${b.group}`}>
                    {t('admin.p.bedsInUse')}: {b.inUse}
                  </Typography.Text>
                </Col>
              ))}
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
    </FormDialog>
  );
}
