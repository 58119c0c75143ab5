/** The frame around every signed-in page: navigation for the role, live status, language, sign-out. */
import type { ReactNode } from 'react';
import { App, Badge, Button, Layout, Menu, Segmented, Space, Tooltip, Typography } from 'antd';
import { AlertOutlined, DashboardOutlined, FolderOpenOutlined, InboxOutlined, LogoutOutlined, PhoneOutlined, SettingOutlined } from '@ant-design/icons';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TRole } from '@hotline/core';
import { useSignOut, useUser } from '../auth/session';
import { useRealtime } from '../realtime/socket';
import { setLanguage, type Lang } from '../i18n';
import { clearDraft, hasContent, loadDraft } from '../lib/call-draft';

const NAV: Record<TRole, string[]> = {
  counsellor: ['call', 'cases'],
  supervisor: ['dashboard', 'cases', 'call'],
  manager: ['dashboard', 'cases', 'call'],
  admin: ['admin', 'dashboard', 'cases', 'call'],
  collaborator: ['inbox'],
};
const ICONS: Record<string, ReactNode> = {
  call: <PhoneOutlined />,
  cases: <FolderOpenOutlined />,
  dashboard: <DashboardOutlined />,
  inbox: <InboxOutlined />,
  admin: <SettingOutlined />,
};

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const signOut = useSignOut();
  const { status } = useRealtime();
  const location = useLocation();
  const { modal } = App.useApp();
  // A call draft may hold a child's name: signing out on purpose removes it from this device, after asking.
  const onSignOut = () => {
    const draft = loadDraft(user.id);
    const leave = () => {
      clearDraft(user.id);
      sessionStorage.clear();
      return signOut();
    };
    if (draft && hasContent(draft.values)) {
      modal.confirm({ title: t('app.signOutDraft'), content: t('app.signOutDraftHelp'), okText: t('app.signOut'), okButtonProps: { danger: true }, cancelText: t('app.cancel'), onOk: leave });
    } else void leave();
  };
  const current = location.pathname.split('/')[1] ?? '';

  const statusBadge =
    status === 'live' ? <Badge status="success" text={t('app.live')} /> : status === 'connecting' ? <Badge status="processing" text={t('app.connecting')} /> : <Badge status="error" text={t('app.offline')} />;

  return (
    <Layout className="shell">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="shell-header">
        <Link to="/" className="brand" aria-label={t('app.title')}>
          <AlertOutlined aria-hidden="true" /> <span className="brand-text">{t('app.short')}</span>
        </Link>
        <nav aria-label="Main" className="shell-nav">
          <Menu
            mode="horizontal"
            theme="dark"
            selectedKeys={[current]}
            items={NAV[user.role].map((k) => ({ key: k, icon: ICONS[k], label: <Link to={`/${k}`}>{t(`nav.${k}`)}</Link> }))}
            style={{ minWidth: 0, flex: 1, background: 'transparent' }}
          />
        </nav>
        <Space size="middle" className="shell-tools" wrap={false}>
          <span className="shell-status" data-testid="live-status" data-status={status} aria-live="polite">
            {statusBadge}
          </span>
          <Segmented
            size="small"
            aria-label={t('app.language')}
            value={i18n.language === 'en' ? 'en' : 'vi'}
            onChange={(v) => setLanguage(v as Lang)}
            options={[
              { value: 'vi', label: 'VI' },
              { value: 'en', label: 'EN' },
            ]}
          />
          <Tooltip title={user.email}>
            <span className="shell-user" data-testid="current-user">
              <Typography.Text strong style={{ color: 'inherit' }}>
                {user.name}
              </Typography.Text>{' '}
              <span className="shell-role">· {t(`roles.${user.role}`)}</span>
            </span>
          </Tooltip>
          <Button size="small" icon={<LogoutOutlined />} onClick={onSignOut} aria-label={t('app.signOut')}>
            <span className="hide-narrow">{t('app.signOut')}</span>
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content id="main" className="shell-content" tabIndex={-1}>
        {children}
      </Layout.Content>
    </Layout>
  );
}
