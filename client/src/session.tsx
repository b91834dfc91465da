import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { call, setCsrfToken, type SessionUser } from './api';

interface SessionState {
  user: SessionUser | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    call<{ user: SessionUser | null; csrfToken: string | null }>('GET', '/api/auth/me')
      .then((me) => {
        setCsrfToken(me.csrfToken);
        setUser(me.user);
      })
      .catch(() => setUser(null))
      .finally(() => setLoading(false));
  }, []);
  const signIn = useCallback(async (email: string, password: string) => {
    const me = await call<{ user: SessionUser; csrfToken: string }>('POST', '/api/auth/login', { body: { email, password } });
    setCsrfToken(me.csrfToken);
    setUser(me.user);
  }, []);
  const signOut = useCallback(async () => {
    await call('POST', '/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    setUser(null);
  }, []);
  return <SessionContext.Provider value={{ user, loading, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext)!;

const rank = { agent: 1, manager: 2, admin: 3 } as const;

/** Agents' pages: sign in first, then come back here; a page for managers refuses agents. */
export function RequireAgent({ children, role = 'agent' }: { children: ReactNode; role?: keyof typeof rank }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <p aria-busy="true">…</p>;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (rank[user.role] < rank[role]) return <Navigate to="/agent" replace />;
  return <>{children}</>;
}
