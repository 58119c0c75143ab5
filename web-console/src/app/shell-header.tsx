/**
 * The parts of the shell's header, each standing alone: the role's
 * navigation, the live status and the signed-in user with sign-out (the
 * language switch, shared with the sign-in page, is components/language-switch.tsx). The header lays them out in a row (shell.tsx); a new part
 * (such as a search box) is one more component placed in that row.
 */
import type { ReactNode } from 'react';
import { App, Badge, Button, Menu, Tooltip, Typography } from 'antd';
import { AuditOutlined, BarChartOutlined, CustomerServiceOutlined, DashboardOutlined, FolderOpenOutlined, HomeOutlined, InboxOutlined, LogoutOutlined, PhoneOutlined, SettingOutlined } from '@ant-design/icons';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TRole, TSessionUser } from '@hotline/core';
import { useSignOut } from '../auth/session';
import { useRealtime } from '../realtime/socket';
import { clearDraft, hasContent, loadDraft } from '../lib/call-draft';
import { useMyFacility } from '../api/residents';

const NAV: Record<TRole, string[]> = {
  counsellor: ['call', 'cases', 'voice'],
  supervisor: ['dashboard', 'voice', 'reports', 'cases', 'call'],
  manager: ['dashboard', 'voice', 'reports', 'cases', 'call', 'audit'],
  admin: ['admin', 'dashboard', 'reports', 'cases', 'call'],
  collaborator: ['inbox', 'residents'],
};
const ICONS: Record<string, ReactNode> = {
  call: <PhoneOutlined />,
  cases: <FolderOpenOutlined />,
  dashboard: <DashboardOutlined />,
  inbox: <InboxOutlined />,
  residents: <HomeOutlined />,
  admin: <SettingOutlined />,
  audit: <AuditOutlined />,
  reports: <BarChartOutlined />,
  voice: <CustomerServiceOutlined />,
};

export function MainNav({ role }: { role: TRole }) {
  const { t } = useTranslation();
  const location = useLocation();
  const current = location.pathname.split('/')[1] ?? '';
  // Residents only for a facility's users (a commune collaborator has none).
  const facility = useMyFacility(role === 'collaborator');
  const keys = NAV[role].filter((k) => k !== 'residents' || facility.data);
  return (
    <nav aria-label="Main" className="shell-nav">
      <Menu
        mode="horizontal"
        theme="dark"
        selectedKeys={[current]}
        items={keys.map((k) => ({ key: k, icon: ICONS[k], label: <Link to={`/${k}`}>{t(`nav.${k}`)}</Link> }))}
        style={{ minWidth: 0, flex: 1, background: 'transparent' }}
      />
    </nav>
  );
}

export function LiveStatus() {
  const { t } = useTranslation();
  const { status } = useRealtime();
  const badge =
    status === 'live' ? <Badge status="success" text={t('app.live')} /> : status === 'connecting' ? <Badge status="processing" text={t('app.connecting')} /> : <Badge status="error" text={t('app.offline')} />;
  return (
    <span className="shell-status" data-testid="live-status" data-status={status} aria-live="polite">
      {badge}
    </span>
  );
}

/** Who is signed in, and signing out: a call draft may hold a child's name, so signing out on purpose removes it from this device, after asking. */
export function UserAndSignOut({ user }: { user: TSessionUser }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const { modal } = App.useApp();
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
  return (
    <>
      <Tooltip title={user.email}>
        <span className="shell-user" data-testid="current-user">
          <Typography.Text strong style={{ color: 'inherit' }}>
            {user.name}
          </Typography.Text>{' '}
          <span className="shell-role">· {t(`roles.${user.role}`)}</span>
        </span>
      </Tooltip>
      <Tooltip title={`${user.name} · ${t(`roles.${user.role}`)}`}>
        <Button size="small" icon={<LogoutOutlined />} onClick={onSignOut} aria-label={t('app.signOut')}>
          <span className="hide-narrow">{t('app.signOut')}</span>
        </Button>
      </Tooltip>
    </>
  );
}
