import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Input, Typography } from 'antd';
import { ZLoginInput, type TLoginInput } from '@hotline/core';
import { useLogin } from '../api/auth';
import { ApiError } from '../api/http';
import { ME_KEY, homeFor, useMe } from '../auth/session';
import { Field, ariaFor } from '../components/field';
import { LanguageSwitch } from '../components/language-switch';
import { applyServerErrors, fieldsOf } from '../lib/form-errors';

const FIELD_OF = fieldsOf(['email', 'password']);

export default function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const { control, handleSubmit, formState, setFocus, setError } = useForm<TLoginInput>({
    resolver: zodResolver(ZLoginInput),
    defaultValues: { email: '', password: '' },
  });
  useEffect(() => setFocus('email'), [setFocus]);

  const login = useLogin({
    onSuccess: ({ user }) => {
      qc.setQueryData(ME_KEY, user);
      const next = params.get('next');
      void navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeFor(user.role), { replace: true });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 401) setFailure(t('login.failed'));
      else setFailure(applyServerErrors(err, setError, FIELD_OF, t('app.offlineError')).join('; ') || null);
    },
  });

  if (me.data) return <Navigate to={homeFor(me.data.role)} replace />;
  const e = formState.errors;

  return (
    <main className="login-page">
      <Card className="login-card">
        <div className="login-lang">
          <LanguageSwitch labels="long" />
        </div>
        <div className="login-brand" aria-hidden="true">
          111
        </div>
        <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        <form noValidate onSubmit={(ev) => void handleSubmit((v) => { setFailure(null); login.mutate(v); })(ev)} aria-label={t('login.title')}>
          <Field label={t('login.email')} htmlFor="login-email" error={e.email?.message}>
            <Controller
              control={control}
              name="email"
              render={({ field }) => <Input {...field} {...ariaFor('login-email', e.email?.message)} type="email" autoComplete="username" size="large" />}
            />
          </Field>
          <Field label={t('login.password')} htmlFor="login-password" error={e.password?.message}>
            <Controller
              control={control}
              name="password"
              render={({ field }) => (
                <Input.Password {...field} {...ariaFor('login-password', e.password?.message)} autoComplete="current-password" size="large" />
              )}
            />
          </Field>
          {failure ? <Alert type="error" showIcon title={failure} style={{ marginBottom: 12 }} role="alert" data-testid="login-error" /> : null}
          <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </form>
      </Card>
    </main>
  );
}
