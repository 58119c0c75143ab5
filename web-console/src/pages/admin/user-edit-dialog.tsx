/** Changing an account (name, role, provinces, partner, password): only what changed is sent, checked first as the API will. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Controller, useForm, type FieldErrors } from 'react-hook-form';
import { Alert, App, Input, Typography } from 'antd';
import { accountProblems, ZUserPatch, type TPartnerView, type TRole, type TUserPatch, type TUserView } from '@hotline/core';
import { ApiError } from '../../api/http';
import { useUpdateUser } from '../../api/users';
import { ariaFor, Field } from '../../components/field';
import { applyServerErrors, fieldsOf, schemaResolver } from '../../lib/form-errors';
import { ACCOUNT_FIELD_OF, AccountScopeFields } from './account-scope-fields';
import { localIssue } from './admin-common';
import { FormDialog } from '../../components/form-dialog';

/** A patch issue shows on the field it is about (the first part of its path); "nothing changed" has no path. */
const USER_PATCH_FIELD_OF = fieldsOf(['name', 'role', 'provinces', 'allProvinces', 'partnerId', 'password', 'active'], [[/^(\w+)\..*$/, '$1']]);

interface EditValues {
  name: string;
  role: TRole;
  provinces: string[];
  allProvinces: boolean;
  partnerId: string | null;
  password: string;
}

/** Only what changed; an empty password keeps the current one. */
function patchOf(v: EditValues, u: TUserView): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (v.name.trim() !== u.name) patch.name = v.name;
  if (v.role !== u.role) patch.role = v.role;
  const sameProvinces = v.provinces.length === u.provinces.length && v.provinces.every((p) => u.provinces.includes(p));
  if (!sameProvinces) patch.provinces = v.provinces;
  if (v.allProvinces !== u.allProvinces) patch.allProvinces = v.allProvinces;
  if ((v.partnerId ?? null) !== u.partnerId) patch.partnerId = v.partnerId ?? null;
  if (v.password) patch.password = v.password;
  return patch;
}

export function UserEditDialog({ user, partners, onClose }: { user: TUserView; partners: TPartnerView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  // The same checks as the API: ZUserPatch on what changed, accountProblems on the account it would make.
  const resolver = useMemo(
    () =>
      schemaResolver<EditValues, TUserPatch>(ZUserPatch, (values) => patchOf(values, user), USER_PATCH_FIELD_OF, {
        extra: (values) => accountProblems({ ...values, partnerId: values.partnerId ?? null }),
        other: () => t('admin.nothingChanged'),
      }),
    [user, t],
  );
  const { control, handleSubmit, setError, setValue, watch, formState } = useForm<EditValues, unknown, TUserPatch>({
    resolver,
    defaultValues: { name: user.name, role: user.role, provinces: user.provinces, allProvinces: user.allProvinces, partnerId: user.partnerId, password: '' },
  });
  const role = watch('role');
  const allProvinces = watch('allProvinces');
  const save = useUpdateUser({
    onSuccess: (u) => {
      void message.success(t('admin.u.saved', { name: u.name }));
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) setProblems([t('admin.u.selfConflict')]);
      else setProblems(applyServerErrors(e, setError, ACCOUNT_FIELD_OF, t('app.offlineError')));
    },
  });
  const submit = handleSubmit(
    (body) => {
      setProblems([]);
      if (!save.isPending) save.mutate({ id: user.id, patch: body });
    },
    () => setProblems([]),
  );
  const e = formState.errors as FieldErrors<Record<string, unknown>>;
  const err = (k: string) => {
    const m = (e[k])?.message;
    return m ? localIssue(t, m) : undefined;
  };
  const rootError = (e.root as { message?: string } | undefined)?.message;

  return (
    <FormDialog
      titleId="user-edit-title"
      title={t('admin.u.editTitle', { name: user.name })}
      saving={save.isPending}
      okTestId="user-save"
      formTestId="user-edit-form"
      onClose={onClose}
      submit={submit}
    >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {user.email} · {user.active ? t('admin.u.activeNow') : t('admin.u.inactiveNow')}
        </Typography.Paragraph>
        <Field label={t('admin.name')} htmlFor="user-name" error={err('name')} required>
          <Controller control={control} name="name" render={({ field }) => <Input {...field} {...ariaFor('user-name', err('name'))} autoFocus autoComplete="off" />} />
        </Field>
        <AccountScopeFields
          control={control as never}
          role={role}
          allProvinces={allProvinces}
          partners={partners}
          err={err}
          onRole={(r) => {
            if (r !== 'collaborator') setValue('partnerId', null);
            if (r !== 'admin') setValue('allProvinces', false);
          }}
        />
        <Field label={t('admin.u.newPassword')} htmlFor="user-password" error={err('password')} help={t('admin.u.newPasswordHelp')}>
          <Controller
            control={control}
            name="password"
            render={({ field }) => <Input.Password {...field} {...ariaFor('user-password', err('password'), true)} autoComplete="new-password" />}
          />
        </Field>
        {rootError ? <Alert type="info" showIcon title={rootError} style={{ marginBottom: 8 }} /> : null}
        {problems.length ? <Alert type="error" showIcon title={t('admin.serverProblems')} description={problems.join('; ')} /> : null}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
    </FormDialog>
  );
}
