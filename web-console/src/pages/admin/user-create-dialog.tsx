/** Opening an account, checked by the API's own ZUserCreateInput (with accountProblems) before it is sent. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Controller, useForm, type FieldErrors } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Col, Input, Row } from 'antd';
import type { z } from 'zod';
import { ZUserCreateInput, type TPartnerView, type TUserCreateInput } from '@hotline/core';
import { ApiError } from '../../api/http';
import { useCreateUser } from '../../api/users';
import { ariaFor, Field } from '../../components/field';
import { applyServerErrors } from '../../lib/form-errors';
import { ACCOUNT_FIELD_OF, AccountScopeFields } from './account-scope-fields';
import { localIssue } from './admin-common';
import { FormDialog } from '../../components/form-dialog';

type CreateValues = z.input<typeof ZUserCreateInput>;

export function UserCreateDialog({ partners, onClose }: { partners: TPartnerView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const { control, handleSubmit, setError, setValue, watch, formState } = useForm<CreateValues, unknown, TUserCreateInput>({
    resolver: zodResolver(ZUserCreateInput),
    defaultValues: { email: '', name: '', role: 'counsellor', provinces: [], allProvinces: false, partnerId: null, password: '' },
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const role = watch('role');
  const allProvinces = watch('allProvinces');
  const create = useCreateUser({
    onSuccess: (u) => {
      void message.success(t('admin.u.created', { name: u.name }));
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        setError('email', { type: 'server', message: t('admin.u.emailTaken') }, { shouldFocus: true });
        setProblems([]);
      } else setProblems(applyServerErrors(e, setError, ACCOUNT_FIELD_OF, t('app.offlineError')));
    },
  });
  const submit = handleSubmit(
    (body) => {
      setProblems([]);
      if (!create.isPending) create.mutate(body);
    },
    () => setProblems([]),
  );
  const e = formState.errors as FieldErrors<Record<string, unknown>>;
  const err = (k: string) => {
    const m = (e[k])?.message;
    return m ? localIssue(t, m) : undefined;
  };

  return (
    <FormDialog
      titleId="user-form-title"
      title={t('admin.u.addTitle')}
      okText={t('admin.u.create')}
      saving={create.isPending}
      okTestId="user-submit"
      formTestId="user-form"
      onClose={onClose}
      submit={submit}
    >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Field label={t('admin.name')} htmlFor="user-name" error={err('name')} required>
              <Controller control={control} name="name" render={({ field }) => <Input {...field} {...ariaFor('user-name', err('name'))} autoFocus autoComplete="off" />} />
            </Field>
          </Col>
          <Col xs={24} md={12}>
            <Field label={t('admin.u.email')} htmlFor="user-email" error={err('email')} required>
              <Controller control={control} name="email" render={({ field }) => <Input {...field} type="email" {...ariaFor('user-email', err('email'))} autoComplete="off" />} />
            </Field>
          </Col>
        </Row>
        <AccountScopeFields
          control={control as never}
          role={role}
          allProvinces={Boolean(allProvinces)}
          partners={partners}
          err={err}
          onRole={(r) => {
            if (r !== 'collaborator') setValue('partnerId', null);
            if (r !== 'admin') setValue('allProvinces', false);
          }}
        />
        <Field label={t('admin.u.password')} htmlFor="user-password" error={err('password')} help={t('admin.u.passwordHelp')} required>
          <Controller
            control={control}
            name="password"
            render={({ field }) => <Input.Password {...field} {...ariaFor('user-password', err('password'), true)} autoComplete="new-password" />}
          />
        </Field>
        {problems.length ? <Alert type="error" showIcon title={t('admin.serverProblems')} description={problems.join('; ')} /> : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
    </FormDialog>
  );
}
