import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { userCreateSchema, userUpdateSchema } from '../../../../domain/agent-actions.schemas';
import { call, type AdminUser } from '../../api';
import { apiProblem, type Problem } from '../../errors';

export type UserCreate = z.input<typeof userCreateSchema>;
export type UserChange = z.input<typeof userUpdateSchema>;

/**
 * Every user as admins see them, disabled ones too. The list is read again after each change
 * and every minute, since a sign-in lock passes on its own.
 */
export function useUsers() {
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const reload = useCallback(
    () =>
      call<{ items: AdminUser[] }>('GET', '/api/users?include=disabled').then(
        (page) => {
          setUsers(page.items);
          setProblem(null);
        },
        (err: unknown) => setProblem(apiProblem(err)),
      ),
    [],
  );
  useEffect(() => {
    void reload();
    const every = setInterval(() => void reload(), 60_000);
    return () => clearInterval(every);
  }, [reload]);

  /** Creates a user; rejects with the API's error for the form to show. */
  const create = useCallback(
    async (input: UserCreate) => {
      const user = await call<AdminUser>('POST', '/api/users', { body: input });
      await reload();
      return user;
    },
    [reload],
  );

  /** Changes a user; the answer replaces its row at once, then the list is read again. */
  const change = useCallback(
    async (id: string, body: UserChange) => {
      const user = await call<AdminUser>('PATCH', `/api/users/${id}`, { body });
      setUsers((list) => list?.map((u) => (u.id === id ? user : u)) ?? list);
      void reload();
      return user;
    },
    [reload],
  );

  return { users, problem, reload, create, change };
}
