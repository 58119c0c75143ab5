/**
 * Accounts: admins create and change them; supervisors and managers list the
 * staff of their provinces (to reassign a case). A change to who someone is
 * or what they may see ends their sessions, so no open console keeps rights
 * it no longer has.
 */
import { Router } from 'express';
import bcrypt from 'bcryptjs';
import { Types } from 'mongoose';
import {
  accountProblems, DomainError, page, provinceScope, seesProvince, ZUserCreateInput, ZUserListQuery, ZUserPatch, ZUserView,
  type TSessionUser,
} from '@hotline/core';
import {
  createUser, endSessionsOfUser, findPartnerById, findUserById, isDuplicateKey, listUsers, recordAudit, toUserView, updateUser,
  type UserChange, type UserDoc,
} from '@hotline/db';
import { ZIdParams, type RouteRegistry } from '../http/route-registry';
import { forgetSessions } from '../http/session-auth';

const BCRYPT_ROUNDS = 10;

/** Staff of another province (or any account, for an admin) stay invisible: 404, not 403. */
function visibleTo(user: TSessionUser, target: UserDoc): boolean {
  if (user.allProvinces) return true;
  return target.provinces.some((p) => seesProvince(user, p));
}

function invalid(problems: Array<{ path: string; message: string }>): DomainError {
  return new DomainError('validation_failed', `Invalid ${problems.map((p) => p.path).join(', ')}`, problems);
}

export function userRoutes(registry: RouteRegistry, disconnectSessions: (sessionIds: string[]) => void): Router {
  const router = Router();
  const audit = (user: TSessionUser, action: string, targetId: string, requestId: string) =>
    recordAudit({ actorId: user.id, actorRole: user.role, action, targetType: 'user', targetId, requestId, ip: null });

  const checkPartner = async (partnerId: string | null) => {
    if (partnerId && !(await findPartnerById(partnerId))) throw invalid([{ path: 'partnerId', message: 'no such partner' }]);
  };

  registry.add(
    router,
    { method: 'get', path: '/api/users', summary: 'Accounts in your provinces (all, for an admin)', tag: 'users', access: 'user.read', query: ZUserListQuery, responses: { 200: page(ZUserView) } },
    async ({ user, query }) => {
      if (query.province && !seesProvince(user, query.province)) return { status: 200, body: { items: [], nextCursor: null } };
      const rows = await listUsers(query, provinceScope(user));
      return { status: 200, body: { items: rows.items.map(toUserView), nextCursor: rows.nextCursor } };
    },
  );

  registry.add(
    router,
    { method: 'get', path: '/api/users/:id', summary: 'One account', tag: 'users', access: 'user.read', params: ZIdParams, responses: { 200: ZUserView } },
    async ({ user, params }) => {
      const u = await findUserById(params.id);
      if (!u || !visibleTo(user, u)) throw new DomainError('not_found', 'No such account');
      return { status: 200, body: toUserView(u) };
    },
  );

  registry.add(
    router,
    { method: 'post', path: '/api/users', summary: 'Open an account', tag: 'users', access: 'user.manage', body: ZUserCreateInput, responses: { 201: ZUserView } },
    async ({ user, body, req }) => {
      await checkPartner(body.partnerId);
      try {
        const created = await createUser({
          email: body.email,
          name: body.name,
          role: body.role,
          provinces: body.allProvinces ? [] : body.provinces,
          allProvinces: body.allProvinces,
          partnerId: body.partnerId ? new Types.ObjectId(body.partnerId) : null,
          passwordHash: await bcrypt.hash(body.password, BCRYPT_ROUNDS),
        });
        await audit(user, 'user.create', created._id.toHexString(), req.requestId);
        return { status: 201, body: toUserView(created) };
      } catch (err) {
        if (isDuplicateKey(err)) throw new DomainError('conflict', 'An account with this email already exists');
        throw err;
      }
    },
  );

  registry.add(
    router,
    { method: 'patch', path: '/api/users/:id', summary: 'Change an account (role, provinces, partner, password; deactivate)', tag: 'users', access: 'user.manage', params: ZIdParams, body: ZUserPatch, responses: { 200: ZUserView } },
    async ({ user, params, body, req }) => {
      const current = await findUserById(params.id);
      if (!current) throw new DomainError('not_found', 'No such account');
      if (current._id.toHexString() === user.id && (body.active === false || (body.role && body.role !== 'admin'))) {
        throw new DomainError('conflict', 'You cannot deactivate your own account or take away your own admin role');
      }
      const next = {
        role: body.role ?? current.role,
        provinces: body.provinces ?? current.provinces,
        allProvinces: body.allProvinces ?? current.allProvinces,
        partnerId: body.partnerId !== undefined ? body.partnerId : (current.partnerId?.toHexString() ?? null),
      };
      const problems = accountProblems(next);
      if (problems.length > 0) throw invalid(problems);
      await checkPartner(body.partnerId ?? null);

      const change: UserChange = {};
      if (body.name !== undefined) change.name = body.name;
      if (body.role !== undefined) change.role = body.role;
      if (body.provinces !== undefined) change.provinces = next.allProvinces ? [] : body.provinces;
      if (body.allProvinces !== undefined) change.allProvinces = body.allProvinces;
      if (body.partnerId !== undefined) change.partnerId = body.partnerId ? new Types.ObjectId(body.partnerId) : null;
      if (body.active !== undefined) change.active = body.active;
      if (body.password !== undefined) change.passwordHash = await bcrypt.hash(body.password, BCRYPT_ROUNDS);
      const updated = await updateUser(current._id, change, current);
      if (!updated) throw new DomainError('not_found', 'No such account');

      forgetSessions({ userId: current._id.toHexString() });
      const rightsChanged = ['role', 'provinces', 'allProvinces', 'partnerId', 'active', 'passwordHash'].some((k) => k in change);
      if (rightsChanged && current._id.toHexString() !== user.id) disconnectSessions(await endSessionsOfUser(current._id));
      await audit(user, 'user.update', current._id.toHexString(), req.requestId);
      return { status: 200, body: toUserView(updated) };
    },
  );
  return router;
}
