/**
 * A deadline's timer fired (or the reconciler found it overdue): take every
 * step that is due, in order, each claimed by a conditional update on the
 * deadline's version, so two workers racing on one deadline take each step
 * once; then arm the timer for the next step.
 */
import type { Types } from 'mongoose';
import { releaseTime, type TQuietHours } from '@hotline/core';
import {
  clearDeadlineEffect, faultPoint, findCaseById, findDeadlineById, loadSlaSettings, updateDeadlineIf,
  type CaseDoc, type DeadlineDoc, type DeadlineEffect,
} from '@hotline/db';
import type { ReferralDeps } from '../referral-deps';
import { performDeadlineEffect } from './deadline-notices';
import { nextStep, stepId, timerAt, type DeadlineStep } from './deadline-steps';
import { armDeadlineTimer, syncCaseDeadlines } from './deadline-sync';

function claimOf(d: DeadlineDoc, step: DeadlineStep, now: Date, quietHours: TQuietHours): { set: Partial<DeadlineDoc>; effect: DeadlineEffect } {
  const id = stepId(step);
  switch (step.type) {
    case 'reminder': {
      const audience = d.reminders[step.index]?.audience ?? 'partner';
      let sms: 'send' | 'held' | 'none' = audience === 'partner' ? 'send' : 'none';
      const set: Partial<DeadlineDoc> = { remindersSent: step.index + 1 };
      if (sms === 'send') {
        const release = releaseTime(now, d.riskLevel, quietHours, d.kind);
        if (release.getTime() > now.getTime()) {
          sms = 'held';
          set.heldSms = { index: step.index, releaseAt: release };
        }
      }
      return { set, effect: { id, type: 'reminder', index: step.index, sms, at: now } };
    }
    case 'sms_release':
      return { set: { heldSms: null }, effect: { id, type: 'sms_release', index: step.index, at: now } };
    case 'breach':
      return { set: { state: 'breached', breachedAt: now, remindersSent: d.reminders.length, heldSms: null }, effect: { id, type: 'breach', at: now } };
    case 'escalation':
      return { set: { escalationLevel: step.level }, effect: { id, type: 'escalation', level: step.level, at: now } };
  }
}

export interface TimerRun {
  steps: string[];
  /** Steps another worker claimed first. */
  lost: number;
}

export async function runDeadlineTimer(deps: ReferralDeps, deadlineId: string | Types.ObjectId, quietHours?: TQuietHours): Promise<TimerRun> {
  const run: TimerRun = { steps: [], lost: 0 };
  let d = await findDeadlineById(deadlineId);
  if (!d || (d.state !== 'pending' && d.state !== 'breached')) return run;

  // A milestone the sync missed (a crash after acceptance) is seen before anything is sent.
  // The case read here also serves the first step's notices (they read it again after that).
  let kase: CaseDoc | null = await findCaseById(d.caseId);
  if (!kase) return run;
  if (kase.updatedAt.getTime() >= d.updatedAt.getTime()) {
    await syncCaseDeadlines(deps, d.caseId);
    [d, kase] = await Promise.all([findDeadlineById(d._id), findCaseById(d.caseId)]);
    if (!d || !kase) return run;
  }
  const quiet = quietHours ?? (await loadSlaSettings()).quietHours;

  for (let i = 0; i < 50; i++) {
    const now = new Date();
    const step = nextStep(d, now);
    if (!step) break;
    const wait = step.at.getTime() - now.getTime();
    // A timer that fires a moment early waits here: re-arming its own id while it runs would be ignored.
    if (wait > 0 && wait <= 2000) {
      await new Promise((r) => setTimeout(r, wait));
      kase = null;
      continue;
    }
    if (wait > 0) break;
    await faultPoint('sla.before-claim');
    const { set, effect } = claimOf(d, step, now, quiet);
    set.nextAt = timerAt({ ...d, ...set });
    const claimed = await updateDeadlineIf(d, set, effect);
    if (!claimed) {
      run.lost++;
      kase = null;
      deps.log('info', { deadlineId: d._id.toHexString(), step: effect.id }, 'sla step lost to another worker; it is taken once');
      d = await findDeadlineById(d._id);
      if (!d) return run;
      continue;
    }
    run.steps.push(effect.id);
    await faultPoint('sla.after-claim');
    let after: DeadlineDoc | null = null;
    try {
      await performDeadlineEffect(deps, claimed, effect, kase);
      after = await clearDeadlineEffect(claimed, effect.id);
    } catch (err) {
      // The claim stands; the reconciler's sweep sends what was not sent.
      deps.log('error', { deadlineId: claimed._id.toHexString(), step: effect.id, err: (err as Error).message }, 'sla step notices failed; the sweep retries them');
    }
    kase = null;
    d = after ?? (await findDeadlineById(d._id));
    if (!d) return run;
  }
  if (d.nextAt && (d.state === 'pending' || d.state === 'breached')) await armDeadlineTimer(deps, d._id.toHexString(), d.nextAt);
  return run;
}

/** Re-sends the notices of steps claimed by a process that died before they went out. */
export async function finishDeadlineEffects(deps: ReferralDeps, d: DeadlineDoc): Promise<number> {
  let n = 0;
  for (const effect of d.effects) {
    await performDeadlineEffect(deps, d, effect);
    await clearDeadlineEffect(d, effect.id);
    n++;
  }
  return n;
}
