/** The session: who is signed in, signing in and out. */
import { useMutation } from '@tanstack/react-query';
import type { TLoginInput, TSessionUser } from '@hotline/core';
import { ApiError, http } from './http';
import type { MutationCallbacks } from './mutation';

/** The signed-in user, or null without a session. */
export async function fetchMe(): Promise<TSessionUser | null> {
  try {
    return (await http.get<{ user: TSessionUser }>('/api/auth/me')).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export const logout = () => http.post('/api/auth/logout');

export function useLogin(cb: MutationCallbacks<{ user: TSessionUser }, TLoginInput> = {}) {
  return useMutation({
    mutationFn: (body: TLoginInput) => http.post<{ user: TSessionUser }>('/api/auth/login', body),
    onSuccess: (data, vars) => cb.onSuccess?.(data, vars),
    onError: (e, vars) => cb.onError?.(e, vars),
  });
}
