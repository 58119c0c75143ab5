/**
 * Staff and collaborator accounts as an admin manages them. Rules that tie the
 * fields together (a collaborator answers for one partner; staff work in
 * provinces) are refinements here, so the API and the console's forms share them.
 */
import { z } from 'zod';
import { ROLES, ZRole } from '../enums';
import { ZSessionUser } from './auth';
import { cleanString, ZIsoDate, ZObjectId, ZProvinceCode } from './common';

/** An account as admins see it: the session's view of the user, plus its state. */
export const ZUserView = ZSessionUser.extend({
  active: z.boolean(),
  createdAt: ZIsoDate,
  updatedAt: ZIsoDate,
});
export type TUserView = z.infer<typeof ZUserView>;

const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());
/** At least 10 characters: accounts open case files about children. */
export const ZNewPassword = z.string().min(10, 'must be at least 10 characters').max(200);
const ZName = cleanString().trim().min(2).max(120);

type Scoped = { role?: (typeof ROLES)[number] | undefined; provinces?: string[] | undefined; allProvinces?: boolean | undefined; partnerId?: string | null | undefined };

/** The cross-field rules of an account, checked on the result of a create or of a patch applied to the stored account. */
export function accountProblems(u: Required<Pick<Scoped, 'role'>> & Scoped): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  if (u.role === 'collaborator') {
    if (!u.partnerId) problems.push({ path: 'partnerId', message: 'a collaborator account must answer for a partner' });
    if (u.allProvinces) problems.push({ path: 'allProvinces', message: 'a collaborator sees only referrals sent to their partner' });
  } else {
    if (u.partnerId) problems.push({ path: 'partnerId', message: 'only collaborator accounts answer for a partner' });
    if (u.role !== 'admin' && u.allProvinces) problems.push({ path: 'allProvinces', message: 'only admins work in all provinces' });
    if (!u.allProvinces && (u.provinces ?? []).length === 0) problems.push({ path: 'provinces', message: 'staff must work in at least one province' });
  }
  return problems;
}

export const ZUserCreateInput = z
  .object({
    email: ZEmail,
    name: ZName,
    role: ZRole,
    provinces: z.array(ZProvinceCode).max(34).default([]),
    allProvinces: z.boolean().default(false),
    partnerId: ZObjectId.nullable().default(null),
    password: ZNewPassword,
  })
  .strict()
  .superRefine((u, ctx) => {
    for (const p of accountProblems(u)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
  });
export type TUserCreateInput = z.infer<typeof ZUserCreateInput>;

export const ZUserPatch = z
  .object({
    name: ZName.optional(),
    role: ZRole.optional(),
    provinces: z.array(ZProvinceCode).max(34).optional(),
    allProvinces: z.boolean().optional(),
    partnerId: ZObjectId.nullable().optional(),
    /** false signs the account out everywhere and refuses its sign-in. */
    active: z.boolean().optional(),
    password: ZNewPassword.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'change at least one field' });
export type TUserPatch = z.infer<typeof ZUserPatch>;

export const ZUserListQuery = z
  .object({
    role: ZRole.optional(),
    province: ZProvinceCode.optional(),
    active: z.enum(['true', 'false']).optional(),
    /** Part of a name or email, diacritics ignored. */
    q: z.string().trim().min(1).max(100).optional(),
    cursor: z.string().max(200).regex(/^[0-9a-f]{24}$/, 'must be a cursor returned by the previous page').optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type TUserListQuery = z.infer<typeof ZUserListQuery>;
