import type { TActor, TSessionUser } from '@hotline/core';

export const userActor = (u: TSessionUser): TActor => ({ kind: 'user', id: u.id, role: u.role, name: u.name });
