import { z } from 'zod';
import { ZRole } from '../enums';
import { ZObjectId } from './common';

export const ZLoginInput = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
    password: z.string().min(1).max(200),
  })
  .strict();
export type TLoginInput = z.infer<typeof ZLoginInput>;

/** Who is asking: carried by the session, checked on every request and socket event. */
export const ZSessionUser = z.object({
  id: ZObjectId,
  email: z.string(),
  name: z.string(),
  role: ZRole,
  /** Province codes the user works in; empty with allProvinces for admins. */
  provinces: z.array(z.string()),
  allProvinces: z.boolean(),
  /** For collaborators: the partner (collaborator, facility or agency) they answer for. */
  partnerId: ZObjectId.nullable(),
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

export const ZMeResponse = z.object({ user: ZSessionUser });
