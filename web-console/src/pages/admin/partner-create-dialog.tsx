/**
 * Adding a partner: a commune collaborator, a facility with beds or an
 * agency. The form is checked by the API's own ZPartnerInput on the body it
 * will send (partner-create-form.ts), and the API's 400 issues land on the
 * same fields. Phones may be typed the Vietnamese way ("0912 345 678"): they
 * are sent as E.164 (+84912345678), which is what the API stores.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Controller, FormProvider, useForm } from 'react-hook-form';
import { Alert, App, Col, Input, Row, Select } from 'antd';
import { CATEGORY_CODES, foldVietnamese, PARTNER_KINDS, PARTNER_TYPES, ZPartnerInput, type TCategory, type TPartnerInput, type TPartnerView } from '@hotline/core';
import { ApiError } from '../../api/http';
import { useCreatePartner } from '../../api/partners';
import { useUser } from '../../auth/session';
import { CommuneMultiSelect } from '../../components/commune-multi-select';
import { ariaFor, Field } from '../../components/field';
import { ProvincePicker } from '../../components/location-pickers';
import { applyServerErrors, schemaResolver } from '../../lib/form-errors';
import { FIELDSET, LEGEND } from './admin-common';
import { PartnerCapacityFields, foldedMatch } from './partner-capacity-fields';
import { kindOf, newPartnerDefaults, PARTNER_FIELD_OF, partnerFieldError, toPartnerPayload, USUAL_GROUPS, type NewPartnerValues } from './partner-create-form';
import { PartnerNoticeFields } from './partner-notice-fields';
import { PartnerPhonesField } from './partner-phones-field';
import { FormDialog } from '../../components/form-dialog';

export function PartnerCreateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (p: TPartnerView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useUser();
  const [problems, setProblems] = useState<string[]>([]);
  const resolver = useMemo(() => schemaResolver<NewPartnerValues, TPartnerInput>(ZPartnerInput, toPartnerPayload, PARTNER_FIELD_OF), []);
  const form = useForm<NewPartnerValues, unknown, TPartnerInput>({ resolver, defaultValues: newPartnerDefaults(me), mode: 'onSubmit', reValidateMode: 'onChange' });
  const { control, handleSubmit, setError, setValue, getValues, watch, formState } = form;
  const kind = watch('kind');
  const provinceCode = watch('area.provinceCode');
  const revalidate = { shouldDirty: true, shouldValidate: formState.isSubmitted };

  const create = useCreatePartner({
    onSuccess: (p) => {
      void message.success(t('admin.p.created', { name: p.name }));
      onCreated(p);
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        setError('name', { type: 'server', message: t('admin.p.nameTaken') }, { shouldFocus: true });
        setProblems([]);
      } else setProblems(applyServerErrors(e, setError, PARTNER_FIELD_OF, t('app.offlineError')));
    },
  });
  const submit = handleSubmit(
    (body) => {
      setProblems([]);
      if (!create.isPending) create.mutate(body);
    },
    () => setProblems([]),
  );

  const err = partnerFieldError(t, formState.errors);
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
  const folded = foldedMatch;

  return (
    <FormProvider {...form}>
    <FormDialog
      titleId="partner-new-title"
      title={t('admin.p.addTitle')}
      okText={t('admin.p.create')}
      saving={create.isPending}
      okTestId="partner-create"
      formTestId="partner-new-form"
      width={820}
      style={{ top: 24 }}
      onClose={onClose}
      submit={submit}
    >
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
              <PartnerPhonesField />
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

          {kind === 'facility' ? <PartnerCapacityFields /> : null}

          <PartnerNoticeFields />
          {problems.length ? <Alert type="error" showIcon title={t('admin.serverProblems')} description={problems.join('; ')} /> : null}
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
    </FormDialog>
    </FormProvider>
  );
}
