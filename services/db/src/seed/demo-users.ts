/** Demo logins for the embedded default (`npm start`); never created in production mode. */
import bcrypt from 'bcryptjs';
import type { TRole } from '@hotline/core';
import { upsertUser } from '../repositories/users';
import type { UserDoc } from '../models/user';

export interface DemoUser {
  email: string;
  name: string;
  role: TRole;
  provinces: string[];
  allProvinces?: boolean;
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'counsellor.hn@demo.vn', name: 'Nguyễn Thị Hoa (tư vấn viên)', role: 'counsellor', provinces: ['01'] },
  { email: 'supervisor.hn@demo.vn', name: 'Trần Văn Minh (giám sát)', role: 'supervisor', provinces: ['01'] },
  { email: 'manager.hn@demo.vn', name: 'Lê Thị Thu (quản lý)', role: 'manager', provinces: ['01'] },
  { email: 'collaborator.hn@demo.vn', name: 'Phạm Văn Nam (cộng tác viên)', role: 'collaborator', provinces: ['01'] },
  { email: 'facility.hn@demo.vn', name: 'Đỗ Thị Hạnh (Làng trẻ em SOS Hà Nội)', role: 'collaborator', provinces: ['01'] },
  { email: 'counsellor.hcm@demo.vn', name: 'Võ Thị Lan (tư vấn viên)', role: 'counsellor', provinces: ['79'] },
  { email: 'admin@demo.vn', name: 'Quản trị hệ thống', role: 'admin', provinces: [], allProvinces: true },
];

export async function seedDemoUsers(password: string): Promise<Map<string, UserDoc>> {
  const passwordHash = await bcrypt.hash(password, 10);
  const out = new Map<string, UserDoc>();
  for (const u of DEMO_USERS) {
    out.set(u.email, await upsertUser({ ...u, allProvinces: u.allProvinces ?? false, passwordHash, demo: true }));
  }
  return out;
}

/** The first administrator of a production installation, from ADMIN_EMAIL / ADMIN_PASSWORD. */
export async function seedFirstAdmin(email: string, password: string): Promise<UserDoc> {
  if (password.length < 12) throw new Error('ADMIN_PASSWORD must be at least 12 characters');
  return upsertUser({ email, name: 'Administrator', role: 'admin', provinces: [], allProvinces: true, passwordHash: await bcrypt.hash(password, 12), demo: false });
}
