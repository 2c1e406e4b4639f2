import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useAuth } from './auth';
import { AppLayout } from './components/AppLayout';
import { RequireAuth } from './components/RequireAuth';
import AccountsPage from './pages/AccountsPage';
import AdminConsolePage from './pages/AdminConsolePage';
import ApplyFormPage from './pages/ApplyFormPage';
import BundleGuidePage from './pages/BundleGuidePage';
import BundleListPage from './pages/BundleListPage';
import CaseDetailPage from './pages/CaseDetailPage';
import InboxPage from './pages/InboxPage';
import LoginPage from './pages/LoginPage';
import MonitorCasesPage from './pages/MonitorCasesPage';
import MonitorPage from './pages/MonitorPage';
import MonitorRectificationsPage from './pages/MonitorRectificationsPage';
import MyCasesPage from './pages/MyCasesPage';
import NotFoundPage from './pages/NotFoundPage';
import NotificationsPage from './pages/NotificationsPage';
import RectificationsPage from './pages/RectificationsPage';
import WalletPage from './pages/WalletPage';
import { homePath } from './roles';

// bpmn-js is most of the bundle's weight; only the diagram screen needs it.
const DiagramPage = lazy(() => import('./pages/DiagramPage'));
const ComposeBundlePage = lazy(() => import('./pages/ComposeBundlePage'));
const StudioVersionsPage = lazy(() => import('./pages/StudioVersionsPage'));
const StudioBundlePage = lazy(() => import('./pages/StudioBundlePage'));
const ModelerPage = lazy(() => import('./pages/ModelerPage'));
const FormDesignerPage = lazy(() => import('./pages/FormDesignerPage'));
const CataloguePage = lazy(() => import('./pages/CataloguePage'));

function Home() {
  const { user, checking } = useAuth();
  if (checking) return <Spin size="large" style={{ display: 'block', margin: '96px auto' }} />;
  return <Navigate to={user ? homePath(user.role) : '/login'} replace />;
}

export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Home />} />
        <Route path="login" element={<LoginPage />} />
        {/* 办事指南 is public information: readable without an account. */}
        <Route path="guide/:key" element={<BundleGuidePage />} />
        <Route element={<RequireAuth roles={['designer', 'admin']} />}>
          <Route
            path="studio/compose"
            element={
              <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '96px auto' }} />}>
                <ComposeBundlePage />
              </Suspense>
            }
          />
          <Route
            path="studio/versions"
            element={
              <Suspense fallback={<Spin />}>
                <StudioVersionsPage />
              </Suspense>
            }
          />
          <Route
            path="studio/catalogue"
            element={
              <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '96px auto' }} />}>
                <CataloguePage />
              </Suspense>
            }
          />
          <Route
            path="studio/versions/:key"
            element={
              <Suspense fallback={<Spin />}>
                <StudioBundlePage />
              </Suspense>
            }
          />
          {['studio/model', 'studio/model/:key'].map((path) => (
            <Route
              key={path}
              path={path}
              element={
                <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '96px auto' }} />}>
                  <ModelerPage />
                </Suspense>
              }
            />
          ))}
          <Route
            path="studio/forms/:code?"
            element={
              <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '96px auto' }} />}>
                <FormDesignerPage />
              </Suspense>
            }
          />
        </Route>
        <Route element={<RequireAuth roles={['applicant']} />}>
          <Route path="apply" element={<BundleListPage />} />
          <Route path="apply/:bundleKey" element={<ApplyFormPage />} />
          <Route path="my-cases" element={<MyCasesPage />} />
          <Route path="my-licences" element={<WalletPage />} />
        </Route>
        <Route element={<RequireAuth roles={['clerk', 'admin']} />}>
          <Route path="inbox" element={<InboxPage />} />
          <Route path="rectifications" element={<RectificationsPage />} />
        </Route>
        <Route element={<RequireAuth roles={['admin']} />}>
          <Route path="admin/accounts" element={<AccountsPage />} />
          <Route path="admin/console/:tab?" element={<AdminConsolePage />} />
        </Route>
        <Route element={<RequireAuth roles={['manager', 'admin']} />}>
          <Route path="monitor" element={<MonitorPage />} />
          <Route path="monitor/cases" element={<MonitorCasesPage />} />
          <Route path="monitor/rectifications" element={<MonitorRectificationsPage />} />
        </Route>
        <Route element={<RequireAuth />}>
          <Route path="cases/:id" element={<CaseDetailPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route
            path="bundles/:key/diagram"
            element={
              <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '96px auto' }} />}>
                <DiagramPage />
              </Suspense>
            }
          />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
