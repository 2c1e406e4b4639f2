import { Spin } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import type { Role } from '../api';
import { useAuth } from '../auth';
import { homePath } from '../roles';

/** Guards a group of routes: signed-in users only, and only the given roles when `roles` is set. */
export function RequireAuth({ roles }: { roles?: Role[] }) {
  const { user, checking } = useAuth();
  const location = useLocation();

  if (checking) return <Spin size="large" style={{ display: 'block', margin: '96px auto' }} />;
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (roles && !roles.includes(user.role)) return <Navigate to={homePath(user.role)} replace />;
  return <Outlet />;
}
