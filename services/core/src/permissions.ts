/**
 * Who may do what. Every route and socket event asks these functions; the
 * console uses them only to decide what to draw, never as the check.
 */
import type { TRole } from './enums';
import type { TSessionUser } from './schemas/auth';
import { OPEN_REFERRAL_STATUSES, type TReferralStatus } from './schemas/referral';
import { caseRoom, caseStaffRoom } from './socket-events';

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
  /** Share a case with partners without the consent the law asks for, with a recorded reason. */
  'case.consent_override': ['supervisor', 'manager', 'admin'],
  /** The audit log: admins all of it, managers their provinces' entries. */
  'audit.read': ['manager', 'admin'],
  /** Checking the audit log's hash chains reads the whole log. */
  'audit.verify': ['admin'],
  /** Inbound calls: set one's status, answer, work the callback list. */
  'voice.answer': ['counsellor', 'supervisor', 'manager', 'admin'],
  /** The live queue of a province, pulling a waiting call. */
  'voice.supervise': ['supervisor', 'manager', 'admin'],
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

/** One referral of a case, as much of it as access needs: whose it is and where it stands. */
export interface TReferralHold {
  partnerId: string;
  status: TReferralStatus;
}

/**
 * A partner holds a case while one of its referrals of the case is offered,
 * accepted or contacted. Having been referred once is not enough: a partner
 * that declined, let the offer expire, lost it to another partner, completed
 * its work or saw it cancelled no longer reads or acts on the case.
 */
export function partnerHoldsCase(partnerId: string | null, referrals: readonly TReferralHold[]): boolean {
  if (partnerId === null) return false;
  return referrals.some((r) => r.partnerId === partnerId && OPEN_REFERRAL_STATUSES.includes(r.status));
}

/**
 * May this user read this case? Staff by province; a collaborator only while
 * the partner they answer for holds an open referral of it (`partnerHoldsCase`):
 * pass the case's referrals (at least the partner's own) for collaborators.
 */
export function canReadCase(
  user: Pick<TSessionUser, 'role' | 'provinces' | 'allProvinces' | 'partnerId'>,
  kase: { provinceCode: string; referrals?: readonly TReferralHold[] },
): boolean {
  if (!can(user, 'case.read')) return false;
  if (user.role === 'collaborator') return partnerHoldsCase(user.partnerId, kase.referrals ?? []);
  return seesProvince(user, kase.provinceCode);
}

/** Socket.io rooms a user's sockets join on connect. */
export function roomsFor(user: Pick<TSessionUser, 'id' | 'role' | 'provinces' | 'allProvinces' | 'partnerId'>): string[] {
  const rooms = [userRoom(user.id), `role:${user.role}`];
  if (user.role === 'collaborator') {
    if (user.partnerId) rooms.push(partnerRoom(user.partnerId));
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
export const userRoom = (userId: string) => `user:${userId}`;
export const partnerRoom = (partnerId: string) => `partner:${partnerId}`;

/**
 * Rooms a socket joins to watch one case (after `canReadCase`). Everyone who
 * may read the case hears its cards; only staff join the staff room, which
 * hears every partner's referral (a partner hears only its own, in its room).
 */
export function caseWatchRooms(user: Pick<TSessionUser, 'role'>, caseId: string): string[] {
  return user.role === 'collaborator' ? [caseRoom(caseId)] : [caseRoom(caseId), caseStaffRoom(caseId)];
}

/**
 * Who hears about one partner's referral of a case: staff watching the case or
 * its province, and that partner's own consoles. Never the case room, which
 * other partners' sockets may have joined.
 */
export function referralAudience(r: { caseId: string; provinceCode: string; partnerId: string; partnerUserId: string | null }): string[] {
  const rooms = [caseStaffRoom(r.caseId), ...provinceAudience(r.provinceCode), partnerRoom(r.partnerId)];
  if (r.partnerUserId) rooms.push(userRoom(r.partnerUserId));
  return rooms;
}
