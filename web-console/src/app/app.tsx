import { lazy, Suspense } from 'react';
import { Navigate, Outlet, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import viVN from 'antd/locale/vi_VN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { STAFF_ROLES } from '@hotline/core';
import { RequireAuth, homeFor, useMe } from '../auth/session';
import { RealtimeProvider } from '../realtime/socket';
import { Shell } from './shell';
import LoginPage from '../pages/login-page';

const TakeCallPage = lazy(() => import('../pages/take-call-page'));
const CasesPage = lazy(() => import('../pages/cases-page'));
const CasePage = lazy(() => import('../pages/case-page'));
const InboxPage = lazy(() => import('../pages/inbox-page'));
const DashboardPage = lazy(() => import('../pages/dashboard-page'));
const AdminPage = lazy(() => import('../pages/admin-page'));
const AuditPage = lazy(() => import('../pages/audit-page'));
const PrivacyPage = lazy(() => import('../pages/privacy-page'));
const ReportsPage = lazy(() => import('../pages/reports-page'));
const ResidentsPage = lazy(() => import('../pages/residents-page'));
const ResidentPage = lazy(() => import('../pages/resident-page'));
const VoiceQueuePage = lazy(() => import('../pages/voice-queue-page'));
const NotFoundPage = lazy(() => import('../pages/not-found-page'));

const theme = {
  token: {
    colorPrimary: '#1d5f7a',
    colorLink: '#1d5f7a',
    borderRadius: 6,
    fontFamily: "'Be Vietnam Pro', 'Noto Sans', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
};

function Authenticated() {
  const me = useMe();
  return (
    <RequireAuth>
      {me.data ? (
        <RealtimeProvider userId={me.data.id}>
          <Shell>
            <Suspense
              fallback={
                <div className="center-page">
                  <Spin />
                </div>
              }
            >
              <Outlet />
            </Suspense>
          </Shell>
        </RealtimeProvider>
      ) : null}
    </RequireAuth>
  );
}

function Home() {
  const me = useMe();
  return me.data ? <Navigate to={homeFor(me.data.role)} replace /> : null;
}

const STAFF = STAFF_ROLES;
const LEADS = ['supervisor', 'manager', 'admin'] as const;

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : viVN} theme={theme}>
      <AntApp>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route element={<Authenticated />}>
            <Route index element={<Home />} />
            <Route path="call" element={<RequireAuth roles={STAFF}><TakeCallPage /></RequireAuth>} />
            <Route path="cases" element={<RequireAuth roles={STAFF}><CasesPage /></RequireAuth>} />
            <Route path="cases/:id" element={<CasePage />} />
            <Route path="inbox" element={<RequireAuth roles={['collaborator']}><InboxPage /></RequireAuth>} />
            <Route path="dashboard" element={<RequireAuth roles={LEADS}><DashboardPage /></RequireAuth>} />
            <Route path="voice" element={<RequireAuth roles={STAFF}><VoiceQueuePage /></RequireAuth>} />
            <Route path="admin" element={<RequireAuth roles={['admin']}><AdminPage /></RequireAuth>} />
            <Route path="audit" element={<RequireAuth roles={['manager', 'admin']}><AuditPage /></RequireAuth>} />
            <Route path="privacy" element={<RequireAuth roles={['manager', 'admin']}><PrivacyPage /></RequireAuth>} />
            <Route path="reports" element={<RequireAuth roles={LEADS}><ReportsPage /></RequireAuth>} />
            <Route path="residents" element={<RequireAuth roles={['collaborator']}><ResidentsPage /></RequireAuth>} />
            <Route path="residents/:id" element={<ResidentPage />} />
            <Route path="facilities/:id/residents" element={<ResidentsPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
