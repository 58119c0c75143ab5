/**
 * The frame around every signed-in page: the header (brand, the role's
 * navigation, then the tools: live status, language, the user and sign-out;
 * each part in shell-header.tsx) and the page.
 */
import type { ReactNode } from 'react';
import { Layout, Space } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth/session';
import { LiveStatus, MainNav, UserAndSignOut } from './shell-header';
import { LanguageSwitch } from '../components/language-switch';
import { CaseSearch } from '../components/case-search';
import { IncomingCall } from '../components/incoming-call';
import { VoiceStatusSwitch } from '../components/voice-status-switch';

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  // Staff take inbound calls (the ring of a waiting call); counsellors and supervisors, who answer the line, set their phone status in the header.
  const answersCalls = user.role !== 'collaborator';
  const staffsLine = user.role === 'counsellor' || user.role === 'supervisor';
  return (
    <Layout className="shell">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="shell-header">
        <Link to="/" className="brand" aria-label={t('app.title')}>
          <AlertOutlined aria-hidden="true" /> <span className="brand-text">{t('app.short')}</span>
        </Link>
        <MainNav role={user.role} />
        <Space size="middle" className="shell-tools" wrap={false}>
          <CaseSearch />
          {staffsLine && <VoiceStatusSwitch />}
          <LiveStatus />
          <LanguageSwitch labels="short" />
          <UserAndSignOut user={user} />
        </Space>
      </Layout.Header>
      <Layout.Content id="main" className="shell-content" tabIndex={-1}>
        {children}
        {answersCalls && <IncomingCall />}
      </Layout.Content>
    </Layout>
  );
}
