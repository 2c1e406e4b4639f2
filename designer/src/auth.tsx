/**
 * The signed-in user. The session is an HttpOnly cookie set by the login (scripts never see the
 * token); a reload keeps it, and logout ends it on the server.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, sessionHint, UNAUTHENTICATED_EVENT, type User } from './api';

export interface Auth {
  user: User | null;
  /** True while a remembered session is being checked against `/api/me`. */
  checking: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(() => sessionHint.get());

  useEffect(() => {
    if (!sessionHint.get()) return;
    const controller = new AbortController();
    api.me(controller.signal).then(
      (me) => {
        setUser(me);
        setChecking(false);
      },
      () => {
        if (controller.signal.aborted) return;
        setChecking(false);
      },
    );
    return () => controller.abort();
  }, []);

  // Any 401 (expired token, server restarted with new secrets) sends the user back to login.
  useEffect(() => {
    const drop = () => setUser(null);
    window.addEventListener(UNAUTHENTICATED_EVENT, drop);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, drop);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const { user: signedIn } = await api.login(username, password);
    sessionHint.set();
    setUser(signedIn);
    return signedIn;
  }, []);

  const logout = useCallback(() => {
    // The server forgets the session even if this page is closed right after.
    void api.logout().catch(() => {});
    sessionHint.clear();
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, checking, login, logout }), [user, checking, login, logout]);
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth() must be used inside <AuthProvider>; wrap the app in it in main.tsx');
  return ctx;
}
