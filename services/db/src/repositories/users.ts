import { Types } from 'mongoose';
import { foldVietnamese, PROVINCE_CODES, type TSessionUser, type TUserListQuery, type TUserView } from '@hotline/core';
import { forEachValue, newestPage } from './by-ids';
import { UserModel, type UserDoc } from '../models/user';
import { SessionModel } from '../models/session';

export const userSearchKey = (name: string, email: string) => `${foldVietnamese(name)} ${email.toLowerCase()}`;

export function toSessionUser(u: UserDoc): TSessionUser {
  return {
    id: u._id.toHexString(),
    email: u.email,
    name: u.name,
    role: u.role,
    provinces: u.provinces,
    allProvinces: u.allProvinces,
    partnerId: u.partnerId ? u.partnerId.toHexString() : null,
  };
}

export async function findUserByEmail(email: string): Promise<UserDoc | null> {
  return UserModel.findOne({ email: email.trim().toLowerCase() }).lean();
}

export async function findUserById(id: Types.ObjectId | string): Promise<UserDoc | null> {
  return UserModel.findById(id).lean();
}

export type UserSeed = Pick<UserDoc, 'email' | 'passwordHash' | 'name' | 'role' | 'provinces' | 'allProvinces'> &
  Partial<Pick<UserDoc, 'partnerId' | 'demo'>>;

/** Creates the user or brings an existing one (same email) up to date. */
export async function upsertUser(seed: UserSeed): Promise<UserDoc> {
  const doc = await UserModel.findOneAndUpdate(
    { email: seed.email.toLowerCase() },
    { $set: { ...seed, email: seed.email.toLowerCase(), active: true, searchKey: userSearchKey(seed.name, seed.email) } },
    { upsert: true, new: true },
  ).lean();
  if (!doc) throw new Error('user upsert returned nothing');
  return doc;
}

export function toUserView(u: UserDoc): TUserView {
  return {
    ...toSessionUser(u),
    active: u.active,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/** Accounts, newest first; `provinces` (null = all) limits them to staff of those provinces. */
export async function listUsers(q: TUserListQuery, provinces: string[] | null) {
  const eq: Record<string, unknown> = {};
  if (q.role) eq.role = q.role;
  if (q.active) eq.active = q.active === 'true';
  const needle = q.q ? foldVietnamese(q.q).toLowerCase() : '';
  // Accounts of each province, and (for a view of every province) those that cover all provinces.
  const perProvince = forEachValue(q.province ? [q.province] : (provinces ?? PROVINCE_CODES), (province) =>
    UserModel.find({ ...eq, provinces: province }, { passwordHash: 0 }).lean<UserDoc[]>(),
  );
  const national = q.province || provinces ? Promise.resolve([]) : UserModel.find({ ...eq, allProvinces: true }, { passwordHash: 0 }).lean<UserDoc[]>();
  const byId = new Map([...(await perProvince), ...(await national)].map((u) => [u._id.toHexString(), u]));
  const rows = [...byId.values()];
  return newestPage(rows.filter((u) => !needle || (u.searchKey ?? '').includes(needle)), q.limit, q.cursor);
}

export type NewUser = Pick<UserDoc, 'email' | 'passwordHash' | 'name' | 'role' | 'provinces' | 'allProvinces' | 'partnerId'>;

export async function createUser(u: NewUser): Promise<UserDoc> {
  const doc = await UserModel.create({ ...u, email: u.email.toLowerCase(), active: true, demo: false, searchKey: userSearchKey(u.name, u.email) });
  return doc.toObject();
}

export type UserChange = Partial<Pick<UserDoc, 'name' | 'role' | 'provinces' | 'allProvinces' | 'partnerId' | 'active' | 'passwordHash'>>;

/** Applies a change; the caller has checked the result against the account rules. */
export async function updateUser(id: Types.ObjectId, change: UserChange, current: UserDoc): Promise<UserDoc | null> {
  const set: Record<string, unknown> = { ...change };
  if (change.name !== undefined) set.searchKey = userSearchKey(change.name, current.email);
  return UserModel.findOneAndUpdate({ _id: id }, { $set: set }, { new: true }).lean();
}

/** Ends every session of an account (deactivated, role or provinces changed, password reset); returns their ids. */
export async function endSessionsOfUser(userId: Types.ObjectId): Promise<string[]> {
  const sessions = await SessionModel.find({ userId }, { _id: 1 }).lean();
  if (sessions.length === 0) return [];
  await SessionModel.deleteMany({ userId });
  return sessions.map((s) => s._id.toHexString());
}
