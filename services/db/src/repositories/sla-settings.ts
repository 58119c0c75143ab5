import { Types } from 'mongoose';
import {
  DEFAULT_BUSINESS_CALENDAR, DEFAULT_QUIET_HOURS, defaultSlaPolicies, ZBusinessCalendar, ZQuietHours, ZSlaPolicySet,
  type TBusinessCalendar, type TQuietHours, type TSlaPolicySet,
} from '@hotline/core';
import { SlaSettingsModel } from '../models/sla-settings';

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
  input: { policySet: TSlaPolicySet; quietHours?: TQuietHours | undefined; calendar?: TBusinessCalendar | undefined },
  userId: string,
): Promise<SlaSettings> {
  const current = await loadSlaSettings();
  await SlaSettingsModel.updateOne(
    { _id: ID },
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
  );
  return loadSlaSettings();
}
