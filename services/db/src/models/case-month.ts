import { Schema, model } from 'mongoose';

/**
 * The months in which cases were opened, per province and for all provinces
 * (`_id` = province code, or `all`): lists page newest-first through one
 * month at a time (an indexed equality on `createdMonth`) and stop at the
 * oldest month that has cases.
 */
export interface CaseMonthsDoc {
  _id: string;
  months: string[];
}

const schema = new Schema<CaseMonthsDoc>(
  { _id: { type: String, required: true }, months: { type: [String], default: [] } },
  { collection: 'case_months', versionKey: false },
);

export const CaseMonthsModel = model<CaseMonthsDoc>('CaseMonths', schema);
