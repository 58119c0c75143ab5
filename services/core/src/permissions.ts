/**
 * Who may do what. Every route and socket event asks these functions; the
 * console uses them only to decide what to draw, never as the check.
 */
import type { TRole } from './enums';
import type { TSessionUser } from './schemas/auth';

export const ACTIONS = {
  'call.log': ['counsellor', 'supervisor', 'manager', 'admin'],
  'call.read': ['counsellor', 'supervisor', 'manager', 'admin'],
  'caller.lookup': ['counsellor', 'supervisor', 'manager', 'admin'],
  'case.list': ['counsellor', 'supervisor', 'manager', 'admin'],
  'case.read': ['counsellor', 'supervisor', 'manager', 'admin', 'collaborator'],
  'case.triage': ['counsellor', 'supervisor', 'manager', 'admin'],
  'case.status': ['counsellor', 'supervisor', 'manager', 'admin'],
  'case.note': ['counsellor', 'supervisor', 'manager', 'admin', 'collaborator'],
  'case.reassign': ['supervisor', 'manager', 'admin'],
  'queue.read': ['counsellor', 'supervisor', 'manager', 'admin'],
  'report.read': ['supervisor', 'manager', 'admin'],
  'case.reroute': ['supervisor', 'manager', 'admin'],
  'referral.answer': ['collaborator'],
  'referral.read': ['counsellor', 'supervisor', 'manager', 'admin', 'collaborator'],
  'partner.read': ['counsellor', 'supervisor', 'manager', 'admin'],
  'partner.manage': ['admin'],
  /** Staff accounts in one's provinces (supervisors and managers pick whom to reassign a case to). */
  'user.read': ['supervisor', 'manager', 'admin'],
  'user.manage': ['admin'],
  'admin.manage': ['admin'],
} as const satisfies Record<string, readonly TRole[]>;
export type TAction = keyof typeof ACTIONS;

export function can(user: Pick<TSessionUser, 'role'>, action: TAction): boolean {
  return (ACTIONS[action] as readonly TRole[]).includes(user.role);
}

/** Staff see the provinces they work in; admins see all. Collaborators see no province as a whole. */
export function seesProvince(user: Pick<TSessionUser, 'role' | 'provinces' | 'allProvinces'>, provinceCode: string): boolean {
  if (user.role === 'collaborator') return false;
  return user.allProvinces || user.provinces.includes(provinceCode);
}

/**
 * The provinces a staff query is limited to: `null` means all provinces.
 * A collaborator's province list is never used to widen what they see.
 */
export function provinceScope(user: Pick<TSessionUser, 'role' | 'provinces' | 'allProvinces'>): string[] | null {
  if (user.role === 'collaborator') return [];
  return user.allProvinces ? null : [...user.provinces];
}

/**
 * May this user read this case? Staff by province; a collaborator only when
 * one of the case's referrals was sent to the partner they answer for.
 */
export function canReadCase(
  user: Pick<TSessionUser, 'role' | 'provinces' | 'allProvinces' | 'partnerId'>,
  kase: { provinceCode: string; referredPartnerIds?: readonly string[] },
): boolean {
  if (!can(user, 'case.read')) return false;
  if (user.role === 'collaborator') {
    return user.partnerId !== null && (kase.referredPartnerIds ?? []).includes(user.partnerId);
  }
  return seesProvince(user, kase.provinceCode);
}

/** Socket.io rooms a user's sockets join on connect. */
export function roomsFor(user: Pick<TSessionUser, 'id' | 'role' | 'provinces' | 'allProvinces' | 'partnerId'>): string[] {
  const rooms = [`user:${user.id}`, `role:${user.role}`];
  if (user.role === 'collaborator') {
    if (user.partnerId) rooms.push(`partner:${user.partnerId}`);
    return rooms;
  }
  if (user.allProvinces) rooms.push(ALL_PROVINCES_ROOM);
  else rooms.push(...user.provinces.map(provinceRoom));
  return rooms;
}

export const ALL_PROVINCES_ROOM = 'province:all';
export const provinceRoom = (code: string) => `province:${code}`;
/** Rooms that must hear about something happening in a province. */
export const provinceAudience = (code: string) => [provinceRoom(code), ALL_PROVINCES_ROOM];
