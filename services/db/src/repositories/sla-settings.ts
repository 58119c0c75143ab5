import { Types } from 'mongoose';
import {
  DEFAULT_BUSINESS_CALENDAR, DEFAULT_QUIET_HOURS, DomainError, defaultSlaPolicies, ZBusinessCalendar, ZQuietHours, ZSlaPolicySet,
  type TBusinessCalendar, type TQuietHours, type TSlaPolicySet,
} from '@hotline/core';
import { SlaSettingsModel } from '../models/sla-settings';
import { isDuplicateKey } from './calls';

const ID = 'sla';

export interface SlaSettings {
  policySet: TSlaPolicySet;
  quietHours: TQuietHours;
  calendar: TBusinessCalendar;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The stored settings, or the defaults until an admin saves some. Parsed again on read: a bad document fails loudly. */
export async function loadSlaSettings(): Promise<SlaSettings> {
  const doc = await SlaSettingsModel.findById(ID).lean();
  if (!doc) {
    return { policySet: defaultSlaPolicies(), quietHours: structuredClone(DEFAULT_QUIET_HOURS), calendar: structuredClone(DEFAULT_BUSINESS_CALENDAR), version: 0, updatedAt: null, updatedBy: null };
  }
  return {
    policySet: ZSlaPolicySet.parse(doc.policySet),
    quietHours: ZQuietHours.parse(doc.quietHours),
    calendar: ZBusinessCalendar.parse(doc.calendar),
    version: doc.version,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy ? doc.updatedBy.toHexString() : null,
  };
}

/** Saves validated settings; fields left out keep their stored (or default) value. */
export async function saveSlaSettings(
  input: { policySet: TSlaPolicySet; quietHours?: TQuietHours | undefined; calendar?: TBusinessCalendar | undefined; version?: number | undefined },
  userId: string,
): Promise<SlaSettings> {
  const current = await loadSlaSettings();
  const stale = () => new DomainError('conflict', `The SLA settings were changed by someone else (now version ${current.version}); reload them and apply your change again`, [{ path: 'version', message: 'is not the current version' }]);
  if (input.version !== undefined && input.version !== current.version) throw stale();
  // Written only over the version just read: two admins saving at once cannot both win.
  const result = await SlaSettingsModel.updateOne(
    { _id: ID, version: current.version },
    {
      $set: {
        policySet: input.policySet,
        quietHours: input.quietHours ?? current.quietHours,
        calendar: input.calendar ?? current.calendar,
        updatedAt: new Date(),
        updatedBy: new Types.ObjectId(userId),
      },
      $inc: { version: 1 },
    },
    { upsert: true },
  ).catch((err: unknown) => {
    // The upsert of a first save lost to another first save: the document exists now.
    if (isDuplicateKey(err)) throw stale();
    throw err;
  });
  if (result.matchedCount === 0 && result.upsertedCount === 0) throw stale();
  return loadSlaSettings();
}
