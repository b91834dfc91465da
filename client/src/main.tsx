import { lazy, StrictMode, Suspense, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import './i18n';
import './styles.css';
import { ReportPage } from './features/report/ReportPage';
import { DataLinkPage } from './features/status/DataLinkPage';
import { StatusPage } from './features/status/StatusPage';

// Customers, often on a phone, download only their pages; the agents' screens load on demand.
const LoginPage = lazy(() => import('./pages/LoginPage').then((m) => ({ default: m.LoginPage })));
const QueuePage = lazy(() => import('./features/queue/QueuePage').then((m) => ({ default: m.QueuePage })));
const ManagerPage = lazy(() => import('./features/manager/ManagerPage').then((m) => ({ default: m.ManagerPage })));
const PaymentsImportPage = lazy(() => import('./features/payments/PaymentsImportPage').then((m) => ({ default: m.PaymentsImportPage })));
const PaymentConnectionsPage = lazy(() => import('./features/payments/PaymentConnectionsPage').then((m) => ({ default: m.PaymentConnectionsPage })));
const MailboxConnectionsPage = lazy(() => import('./features/mail/MailboxConnectionsPage').then((m) => ({ default: m.MailboxConnectionsPage })));
const ShopsPage = lazy(() => import('./features/shops/ShopsPage').then((m) => ({ default: m.ShopsPage })));
const ShopEditorPage = lazy(() => import('./features/shops/ShopEditorPage').then((m) => ({ default: m.ShopEditorPage })));
const MacrosPage = lazy(() => import('./features/macros/MacrosPage').then((m) => ({ default: m.MacrosPage })));
const UsersPage = lazy(() => import('./features/users/UsersPage').then((m) => ({ default: m.UsersPage })));
const IntegrationsPage = lazy(() => import('./features/integrations/IntegrationsPage').then((m) => ({ default: m.IntegrationsPage })));
const TicketPage = lazy(() => import('./features/ticket/TicketPage').then((m) => ({ default: m.TicketPage })));
const ProfilePage = lazy(() => import('./features/profile/ProfilePage').then((m) => ({ default: m.ProfilePage })));
const ApiDocsPage = lazy(() => import('./features/api-docs/ApiDocsPage').then((m) => ({ default: m.ApiDocsPage })));
const Session = lazy(() => import('./session').then((m) => ({ default: m.SessionProvider })));
const RequireAgent = lazy(() => import('./session').then((m) => ({ default: m.RequireAgent })));

const agentPage = (page: ReactNode, role: 'agent' | 'manager' | 'admin' | null = 'agent') => (
  <Suspense fallback={<p aria-busy="true">…</p>}>
    <Session>{role ? <RequireAgent role={role}>{page}</RequireAgent> : page}</Session>
  </Suspense>
);

const router = createBrowserRouter([
  { path: '/', element: <ReportPage /> },
  { path: '/report', element: <ReportPage /> },
  { path: '/s/:slug', element: <ReportPage /> },
  { path: '/t/:reference', element: <StatusPage /> },
  { path: '/data', element: <DataLinkPage /> },
  { path: '/login', element: agentPage(<LoginPage />, null) },
  { path: '/agent', element: agentPage(<QueuePage />) },
  { path: '/agent/tickets/:id', element: agentPage(<TicketPage />) },
  { path: '/agent/profile', element: agentPage(<ProfilePage />) },
  { path: '/manager', element: agentPage(<ManagerPage />, 'manager') },
  { path: '/payments/import', element: agentPage(<PaymentsImportPage />, 'manager') },
  { path: '/macros', element: agentPage(<MacrosPage />, 'manager') },
  { path: '/payments/connections', element: agentPage(<PaymentConnectionsPage />, 'admin') },
  { path: '/mail/connections', element: agentPage(<MailboxConnectionsPage />, 'admin') },
  { path: '/shops', element: agentPage(<ShopsPage />, 'admin') },
  { path: '/shops/:slug', element: agentPage(<ShopEditorPage />, 'admin') },
  { path: '/admin/users', element: agentPage(<UsersPage />, 'admin') },
  { path: '/integrations', element: agentPage(<IntegrationsPage />, 'admin') },
  { path: '/api-docs', element: agentPage(<ApiDocsPage />, null) },
  { path: '*', element: <Navigate to="/" replace /> },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
