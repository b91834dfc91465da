import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import './i18n';
import './styles.css';
import { LoginPage } from './pages/LoginPage';
import { QueuePage } from './pages/QueuePage';
import { ReportPage } from './pages/ReportPage';
import { StatusPage } from './pages/StatusPage';
import { TicketPage } from './pages/TicketPage';
import { RequireAgent, SessionProvider } from './session';

const agent = (page: ReactNode) => <SessionProvider><RequireAgent>{page}</RequireAgent></SessionProvider>;

const router = createBrowserRouter([
  { path: '/', element: <ReportPage /> },
  { path: '/report', element: <ReportPage /> },
  { path: '/t/:reference', element: <StatusPage /> },
  { path: '/login', element: <SessionProvider><LoginPage /></SessionProvider> },
  { path: '/agent', element: agent(<QueuePage />) },
  { path: '/agent/tickets/:id', element: agent(<TicketPage />) },
  { path: '*', element: <Navigate to="/" replace /> },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
