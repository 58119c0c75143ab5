/**
 * Accounts: search and filter, open an account (user-create-dialog.tsx),
 * change role / provinces / partner / password (user-edit-dialog.tsx), and
 * deactivate or reactivate (asking first).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Card, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { ROLES, type TRole, type TUserView } from '@hotline/core';
import { ApiError } from '../../api/http';
import { useAllPartners } from '../../api/partners';
import { useUpdateUser, useUserList } from '../../api/users';
import { provinceName } from '../../components/labels';
import { QueryError } from '../../components/query-state';
import { useDebounced } from '../../lib/use-debounced';
import { UserCreateDialog } from './user-create-dialog';
import { UserEditDialog } from './user-edit-dialog';

const ROLE_COLORS: Record<TRole, string> = { counsellor: 'blue', supervisor: 'geekblue', manager: 'purple', admin: 'red', collaborator: 'green' };

export function UsersSection() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<TRole | undefined>();
  const [active, setActive] = useState<'true' | 'false' | undefined>();
  const [editing, setEditing] = useState<TUserView | 'new' | null>(null);
  const query = useDebounced(q.trim(), 300);
  const partners = useAllPartners();
  const partnerName = useMemo(() => new Map((partners.data ?? []).map((p) => [p.id, p.name])), [partners.data]);

  const users = useUserList({ q: query, role, active });
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];

  const setActiveFlag = useUpdateUser({
    onSuccess: (u) => {
      void message.success(u.active ? t('admin.u.reactivated', { name: u.name }) : t('admin.u.deactivated', { name: u.name }));
    },
    onError: (e) => void message.error(e instanceof ApiError && e.status === 409 ? t('admin.u.selfConflict') : e.message),
  });
  const askActive = (user: TUserView, value: boolean): void => {
    modal.confirm({
      title: value ? t('admin.u.reactivateConfirm', { name: user.name }) : t('admin.u.deactivateConfirm', { name: user.name }),
      content: value ? t('admin.u.reactivateHelp') : t('admin.u.deactivateHelp'),
      okText: value ? t('admin.u.reactivate') : t('admin.u.deactivate'),
      okButtonProps: { danger: !value },
      cancelText: t('app.cancel'),
      onOk: () => setActiveFlag.mutateAsync({ id: user.id, patch: { active: value } }).catch(() => undefined),
    });
  };

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
                    onChange={(v) => { askActive(u, v); }}
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
      {editing === 'new' ? <UserCreateDialog partners={partners.data ?? []} onClose={() => setEditing(null)} /> : null}
      {editing && editing !== 'new' ? <UserEditDialog user={editing} partners={partners.data ?? []} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}
