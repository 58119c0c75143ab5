import { Schema, model } from 'mongoose';

/**
 * The last day a daily maintenance task (the retention job) finished, and
 * what it did: the reconciler asks for the day's run until this says it is done.
 */
export interface MaintenanceRunDoc {
  _id: string;
  lastDay: string;
  finishedAt: Date;
  figures: Record<string, number>;
}

const schema = new Schema<MaintenanceRunDoc>(
  {
    _id: { type: String, required: true },
    lastDay: { type: String, required: true },
    finishedAt: { type: Date, required: true },
    figures: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'maintenance_runs', versionKey: false, minimize: false },
);

export const MaintenanceRunModel = model<MaintenanceRunDoc>('MaintenanceRun', schema);
