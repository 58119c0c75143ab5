/**
 * Routing decisions, one per (case, round). Written before the round's
 * referrals, by `_id` derived from (case, round), so a re-run of the round
 * (a crash, a stalled job) finds the first run's decision instead of a second.
 */
import type { Types } from 'mongoose';
import type { TRoutingDecision } from '@hotline/core';
import { RoutingDecisionModel, type RoutingDecisionDoc } from '../models/routing-decision';
import { isDuplicateKey } from './calls';
import { caseDerivedId } from './case-derived-ids';

export const routingDecisionId = (caseId: Types.ObjectId, round: number): Types.ObjectId => caseDerivedId(caseId, `${round}:decision`);

/** Stores the round's decision unless an earlier run of the round did. */
export async function saveRoutingDecision(caseId: Types.ObjectId, decision: TRoutingDecision): Promise<void> {
  const doc: RoutingDecisionDoc = {
    _id: routingDecisionId(caseId, decision.round),
    caseId,
    round: decision.round,
    decidedAt: new Date(decision.decidedAt),
    offersAtOnce: decision.offersAtOnce,
    needsPlacement: decision.needsPlacement,
    candidates: decision.candidates,
  };
  try {
    await RoutingDecisionModel.collection.insertOne(doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** The case's decisions, round by round. */
export async function routingDecisionsOfCase(caseId: Types.ObjectId): Promise<TRoutingDecision[]> {
  const docs = await RoutingDecisionModel.find({ caseId }).sort({ round: 1 }).lean();
  return docs.map((d) => ({
    round: d.round,
    decidedAt: d.decidedAt.toISOString(),
    offersAtOnce: d.offersAtOnce,
    needsPlacement: d.needsPlacement,
    candidates: d.candidates,
  }));
}
