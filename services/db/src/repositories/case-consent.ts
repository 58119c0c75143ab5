/** A supervisor's override of missing consent: recorded on the case, once, with a timeline event. */
import { Types } from 'mongoose';
import type { TActor } from '@hotline/core';
import { CaseModel, type CaseDoc } from '../models/case';
import { outboxEntry, relayCaseOutbox, withOutbox } from './case-outbox';

/**
 * Records who shared the case without consent and why. Conditional on no
 * override standing (one atomic write), so two supervisors racing record one:
 * null when the case is missing or already overridden.
 */
export async function overrideCaseConsent(id: string | Types.ObjectId, reason: string, actor: TActor & { id: string }): Promise<CaseDoc | null> {
  const at = new Date();
  const override = { byId: new Types.ObjectId(actor.id), byName: actor.name, reason, at };
  // The reason stays on the case (staff see it there); the timeline event says only that it happened.
  const event = outboxEntry('case.consent_overridden', actor, {});
  const updated = await CaseModel.findOneAndUpdate({ _id: id, consentOverride: null }, withOutbox({ consentOverride: override }, [event], at), { new: true }).lean();
  if (updated) await relayCaseOutbox(updated);
  return updated;
}
