/** Who is signed in: GET /api/auth/me, cached as ['me']; each role has its own home. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Spin } from 'antd';
import type { TRole, TSessionUser } from '@hotline/core';
import { fetchMe, logout } from '../api/auth';
import { ApiError, setUnauthenticatedHandler } from '../api/http';
import { qk } from '../api/query-keys';

export const ME_KEY = qk.me;

export function homeFor(role: TRole): string {
  switch (role) {
    case 'counsellor':
      return '/call';
    case 'supervisor':
    case 'manager':
      return '/dashboard';
    case 'collaborator':
      return '/inbox';
    case 'admin':
      return '/admin';
  }
}

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: fetchMe,
    staleTime: 5 * 60_000,
    retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
  });
}

/** The signed-in user; only inside RequireAuth. */
export function useUser(): TSessionUser {
  const { data } = useMe();
  if (!data) throw new Error('useUser outside RequireAuth');
  return data;
}

export function useSignOut() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    try {
      await logout();
    } finally {
      qc.setQueryData(ME_KEY, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      void navigate('/login', { replace: true });
    }
  };
}

/** Shows children to a signed-in user with one of `roles`; otherwise sends them to sign in or home. */
export function RequireAuth({ roles, children }: { roles?: readonly TRole[]; children: ReactNode }) {
  const me = useMe();
  const qc = useQueryClient();
  const location = useLocation();

  useEffect(() => {
    setUnauthenticatedHandler(() => qc.setQueryData(ME_KEY, null));
    return () => setUnauthenticatedHandler(null);
  }, [qc]);

  if (me.isPending) {
    return (
      <div className="center-page">
        <Spin size="large" />
      </div>
    );
  }
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (roles && !roles.includes(me.data.role)) return <Navigate to={homeFor(me.data.role)} replace />;
  return <>{children}</>;
}
