/**
 * Accounts: search and filter, open an account, change role / provinces /
 * partner / password, and deactivate or reactivate (asking first). Forms are
 * checked by the API's own schemas (ZUserCreateInput, ZUserPatch and
 * accountProblems) before anything is sent; the API's 400 issues land on
 * their fields.
 */
import { useMemo, useState } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Controller, useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Button, Card, Checkbox, Col, Input, Modal, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { z } from 'zod';
import {
  accountProblems, ROLES, ZUserCreateInput, ZUserPatch, type TPartnerView, type TRole, type TUserCreateInput, type TUserPatch, type TUserView,
} from '@hotline/core';
import { ApiError, http, qs } from '../../api/http';
import type { Page } from '../../api/types';
import { ariaFor, Field } from '../../components/field';
import { provinceName } from '../../components/labels';
import { ProvinceMultiSelect } from '../../components/province-multi-select';
import { QueryError } from '../../components/query-state';
import { applyServerErrors } from '../../lib/form-errors';
import { useDebounced } from '../../lib/use-debounced';
import { localIssue, useAllPartners } from './admin-common';

const USERS_KEY = ['admin', 'users'] as const;
const ROLE_COLORS: Record<TRole, string> = { counsellor: 'blue', supervisor: 'geekblue', manager: 'purple', admin: 'red', collaborator: 'green' };
const ACCOUNT_FIELDS = new Set(['email', 'name', 'role', 'provinces', 'allProvinces', 'partnerId', 'password']);
const accountPath = (p: string) => p.replace(/^provinces\.\d+$/, 'provinces');

export function UsersSection() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<TRole | undefined>();
  const [active, setActive] = useState<'true' | 'false' | undefined>();
  const [editing, setEditing] = useState<TUserView | 'new' | null>(null);
  const query = useDebounced(q.trim(), 300);
  const partners = useAllPartners();
  const partnerName = useMemo(() => new Map((partners.data ?? []).map((p) => [p.id, p.name])), [partners.data]);

  const users = useInfiniteQuery({
    queryKey: [...USERS_KEY, { query, role, active }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => http.get<Page<TUserView>>(`/api/users${qs({ q: query || undefined, role, active, cursor: pageParam, limit: 50 })}`),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];

  const setActiveFlag = useMutation({
    mutationFn: ({ user, value }: { user: TUserView; value: boolean }) => http.patch<TUserView>(`/api/users/${user.id}`, { active: value }),
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: USERS_KEY });
      void message.success(u.active ? t('admin.u.reactivated', { name: u.name }) : t('admin.u.deactivated', { name: u.name }));
    },
    onError: (e) => void message.error(e instanceof ApiError && e.status === 409 ? t('admin.u.selfConflict') : (e as Error).message),
  });
  const askActive = (user: TUserView, value: boolean) =>
    modal.confirm({
      title: value ? t('admin.u.reactivateConfirm', { name: user.name }) : t('admin.u.deactivateConfirm', { name: user.name }),
      content: value ? t('admin.u.reactivateHelp') : t('admin.u.deactivateHelp'),
      okText: value ? t('admin.u.reactivate') : t('admin.u.deactivate'),
      okButtonProps: { danger: !value },
      cancelText: t('app.cancel'),
      onOk: () => setActiveFlag.mutateAsync({ user, value }).catch(() => undefined),
    });

  return (
    <Card
      title={<span id="admin-users-title">{t('admin.users')}</span>}
      size="small"
      data-testid="admin-users"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-add">
          {t('admin.u.add')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }} role="search" aria-label={t('admin.u.filters')}>
        <Input.Search
          id="user-search"
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('admin.u.searchPlaceholder')}
          aria-label={t('admin.u.search')}
          style={{ width: 340 }}
        />
        <Select<TRole>
          id="user-role-filter"
          allowClear
          value={role}
          onChange={(v) => setRole(v ?? undefined)}
          placeholder={t('admin.u.allRoles')}
          aria-label={t('admin.u.role')}
          options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          style={{ width: 180 }}
        />
        <Select<'true' | 'false'>
          id="user-active-filter"
          allowClear
          value={active}
          onChange={(v) => setActive(v ?? undefined)}
          placeholder={t('admin.u.anyState')}
          aria-label={t('admin.u.active')}
          options={[
            { value: 'true', label: t('admin.u.activeOnly') },
            { value: 'false', label: t('admin.u.inactiveOnly') },
          ]}
          style={{ width: 180 }}
        />
      </Space>
      {users.isError ? (
        <QueryError error={users.error} retry={() => void users.refetch()} />
      ) : (
        <>
          <Table<TUserView>
            size="small"
            rowKey="id"
            loading={users.isPending}
            dataSource={rows}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 900 }}
            onRow={(u) => ({ 'data-user-email': u.email }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('admin.name'), dataIndex: 'name', render: (n: string, u) => <span className={u.active ? undefined : 'muted'}>{n}</span> },
              { title: t('admin.u.email'), dataIndex: 'email', render: (e: string) => <span style={{ wordBreak: 'break-all' }}>{e}</span> },
              { title: t('admin.u.role'), dataIndex: 'role', width: 130, render: (r: TRole) => <Tag color={ROLE_COLORS[r]}>{t(`roles.${r}`)}</Tag> },
              {
                title: t('admin.u.provinces'),
                key: 'provinces',
                render: (_, u) =>
                  u.allProvinces ? (
                    <Tag>{t('admin.u.allProvinces')}</Tag>
                  ) : (
                    <span title={u.provinces.map(provinceName).join(', ')}>
                      {u.provinces.slice(0, 2).map(provinceName).join(', ')}
                      {u.provinces.length > 2 ? ` +${u.provinces.length - 2}` : ''}
                    </span>
                  ),
              },
              { title: t('admin.u.partner'), dataIndex: 'partnerId', render: (id: string | null) => (id ? (partnerName.get(id) ?? id) : '—') },
              {
                title: t('admin.u.active'),
                dataIndex: 'active',
                width: 110,
                render: (a: boolean, u) => (
                  <Switch
                    size="small"
                    checked={a}
                    onChange={(v) => askActive(u, v)}
                    aria-label={t('admin.u.activeOf', { name: u.name })}
                    data-testid={`user-active-${u.email}`}
                  />
                ),
              },
              {
                title: <span className="visually-hidden">{t('admin.edit')}</span>,
                key: 'edit',
                width: 90,
                render: (_, u) => (
                  <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(u)} aria-label={t('admin.editOf', { name: u.name })}>
                    {t('admin.edit')}
                  </Button>
                ),
              },
            ]}
          />
          {users.hasNextPage ? (
            <Button onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage} style={{ marginTop: 8 }}>
              {t('admin.u.more')}
            </Button>
          ) : null}
        </>
      )}
      {editing === 'new' ? <CreateUserModal partners={partners.data ?? []} onClose={() => setEditing(null)} /> : null}
      {editing && editing !== 'new' ? <EditUserModal user={editing} partners={partners.data ?? []} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}

function partnerOptions(partners: TPartnerView[], t: (k: string) => string) {
  return [...partners]
    .sort((a, b) => Number(b.kind === 'collaborator') - Number(a.kind === 'collaborator') || a.name.localeCompare(b.name, 'vi'))
    .map((p) => ({ value: p.id, label: `${p.name} · ${provinceName(p.area.provinceCode)}`, kind: t(`partnerKind.${p.kind}`) }));
}

type CreateValues = z.input<typeof ZUserCreateInput>;

function CreateUserModal({ partners, onClose }: { partners: TPartnerView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
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
  const create = useMutation({
    mutationFn: (body: TUserCreateInput) => http.post<TUserView>('/api/users', body),
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: USERS_KEY });
      void message.success(t('admin.u.created', { name: u.name }));
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        setError('email', { type: 'server', message: t('admin.u.emailTaken') }, { shouldFocus: true });
        setProblems([]);
      } else setProblems(applyServerErrors(e, setError, (p) => ACCOUNT_FIELDS.has(p), accountPath));
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
    const m = (e[k] as { message?: string } | undefined)?.message;
    return m ? localIssue(t, m) : undefined;
  };

  return (
    <Modal
      open
      title={<span id="user-form-title">{t('admin.u.addTitle')}</span>}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('admin.u.create')}
      cancelText={t('app.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'user-submit' } as never}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      <form noValidate aria-labelledby="user-form-title" onSubmit={(ev) => void submit(ev)} data-testid="user-form">
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
      </form>
    </Modal>
  );
}

/** Role, provinces (or all provinces, for an admin) and partner (for a collaborator): the same block in both forms. */
function AccountScopeFields({
  control, role, allProvinces, partners, err, onRole,
}: {
  control: import('react-hook-form').Control<{ role: TRole; provinces?: string[]; allProvinces?: boolean; partnerId?: string | null }>;
  role: TRole | undefined;
  allProvinces: boolean;
  partners: TPartnerView[];
  err: (k: string) => string | undefined;
  onRole: (r: TRole) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Field label={t('admin.u.role')} htmlFor="user-role" error={err('role')} required>
            <Controller
              control={control}
              name="role"
              render={({ field }) => (
                <Select<TRole>
                  ref={field.ref}
                  id="user-role"
                  value={field.value}
                  onChange={(v) => {
                    field.onChange(v);
                    onRole(v);
                  }}
                  onBlur={field.onBlur}
                  options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                  style={{ width: '100%' }}
                  aria-describedby={err('role') ? 'user-role-error' : undefined}
                  data-testid="user-role-select"
                />
              )}
            />
          </Field>
        </Col>
        <Col xs={24} md={12}>
          {role === 'collaborator' ? (
            <Field label={t('admin.u.partner')} htmlFor="user-partner" error={err('partnerId')} required help={t('admin.u.partnerHelp')}>
              <Controller
                control={control}
                name="partnerId"
                render={({ field }) => (
                  <Select
                    ref={field.ref}
                    id="user-partner"
                    value={field.value ?? undefined}
                    onChange={(v: string | undefined) => field.onChange(v ?? null)}
                    onBlur={field.onBlur}
                    allowClear
                    status={err('partnerId') ? 'error' : undefined}
                    options={partnerOptions(partners, t)}
                    optionRender={(o) => (
                      <span>
                        {o.data.label} <span className="muted">({o.data.kind})</span>
                      </span>
                    )}
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('admin.u.partnerPlaceholder')}
                    style={{ width: '100%' }}
                    aria-describedby={err('partnerId') ? 'user-partner-error' : 'user-partner-help'}
                  />
                )}
              />
            </Field>
          ) : role === 'admin' ? (
            <Field label={t('admin.u.scope')} htmlFor="user-all-provinces" error={err('allProvinces')}>
              <Controller
                control={control}
                name="allProvinces"
                render={({ field }) => (
                  <Checkbox id="user-all-provinces" ref={field.ref} checked={Boolean(field.value)} onChange={(ev) => field.onChange(ev.target.checked)}>
                    {t('admin.u.allProvincesLong')}
                  </Checkbox>
                )}
              />
            </Field>
          ) : null}
        </Col>
      </Row>
      <Field
        label={t('admin.u.provinces')}
        htmlFor="user-provinces"
        error={err('provinces')}
        required={role !== 'collaborator' && !allProvinces}
        help={role === 'collaborator' ? t('admin.u.provincesCollaborator') : allProvinces ? t('admin.u.provincesAll') : undefined}
      >
        <Controller
          control={control}
          name="provinces"
          render={({ field }) => (
            <ProvinceMultiSelect
              ref={field.ref}
              value={field.value ?? []}
              onChange={field.onChange}
              onBlur={field.onBlur}
              disabled={allProvinces}
              status={err('provinces') ? 'error' : ''}
              {...ariaFor('user-provinces', err('provinces'), role === 'collaborator' || allProvinces)}
            />
          )}
        />
      </Field>
    </>
  );
}

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

function EditUserModal({ user, partners, onClose }: { user: TUserView; partners: TPartnerView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  // The same checks as the API: ZUserPatch on what changed, accountProblems on the account it would make.
  const resolver = useMemo<Resolver<EditValues, unknown, TUserPatch>>(
    () => async (values) => {
      const patch = patchOf(values, user);
      const errors: Record<string, { type: string; message: string }> = {};
      const parsed = ZUserPatch.safeParse(patch);
      if (!parsed.success) {
        for (const i of parsed.error.issues) {
          const key = i.path.length ? String(i.path[0]) : 'root';
          errors[key] ??= { type: 'schema', message: key === 'root' ? t('admin.nothingChanged') : i.message };
        }
      }
      for (const p of accountProblems({ ...values, partnerId: values.partnerId ?? null })) errors[p.path] ??= { type: 'account', message: p.message };
      if (Object.keys(errors).length) return { values: {}, errors: errors as never };
      return { values: parsed.data as TUserPatch, errors: {} };
    },
    [user, t],
  );
  const { control, handleSubmit, setError, setValue, watch, formState } = useForm<EditValues, unknown, TUserPatch>({
    resolver,
    defaultValues: { name: user.name, role: user.role, provinces: user.provinces, allProvinces: user.allProvinces, partnerId: user.partnerId, password: '' },
  });
  const role = watch('role');
  const allProvinces = watch('allProvinces');
  const save = useMutation({
    mutationFn: (body: TUserPatch) => http.patch<TUserView>(`/api/users/${user.id}`, body),
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: USERS_KEY });
      void message.success(t('admin.u.saved', { name: u.name }));
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) setProblems([t('admin.u.selfConflict')]);
      else setProblems(applyServerErrors(e, setError, (p) => ACCOUNT_FIELDS.has(p), accountPath));
    },
  });
  const submit = handleSubmit(
    (body) => {
      setProblems([]);
      if (!save.isPending) save.mutate(body);
    },
    () => setProblems([]),
  );
  const e = formState.errors as FieldErrors<Record<string, unknown>>;
  const err = (k: string) => {
    const m = (e[k] as { message?: string } | undefined)?.message;
    return m ? localIssue(t, m) : undefined;
  };
  const rootError = (e.root as { message?: string } | undefined)?.message;

  return (
    <Modal
      open
      title={<span id="user-edit-title">{t('admin.u.editTitle', { name: user.name })}</span>}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'user-save' } as never}
      width={640}
      destroyOnHidden
      maskClosable={false}
    >
      <form noValidate aria-labelledby="user-edit-title" onSubmit={(ev) => void submit(ev)} data-testid="user-edit-form">
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
      </form>
    </Modal>
  );
}
