import { createHash, randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { SessionModel } from '../models/session';
import { UserModel, type UserDoc } from '../models/user';

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Opens a session and returns the token for the cookie (only its hash is stored). */
export async function createSession(userId: Types.ObjectId, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMs);
  await SessionModel.create({ tokenHash: hashToken(token), userId, expiresAt });
  return { token, expiresAt };
}

/** The active user behind a session token, or null (unknown, expired, or user deactivated). */
export async function userForSessionToken(token: string): Promise<{ user: UserDoc; sessionId: string; expiresAt: Date } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const session = await SessionModel.findOne({ tokenHash: hashToken(token) }).lean();
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  const user = await UserModel.findById(session.userId).lean();
  if (!user || !user.active) return null;
  return { user, sessionId: session._id.toHexString(), expiresAt: session.expiresAt };
}

export async function deleteSession(token: string): Promise<string | null> {
  const s = await SessionModel.findOneAndDelete({ tokenHash: hashToken(token) }).lean();
  return s ? s._id.toHexString() : null;
}

/** Expiry is a sweep, not a TTL index (FerretDB v1 has none). */
export async function deleteExpiredSessions(now = new Date()): Promise<number> {
  const r = await SessionModel.deleteMany({ expiresAt: { $lte: now } });
  return r.deletedCount ?? 0;
}
