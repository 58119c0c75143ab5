import { Schema, model } from 'mongoose';

/**
 * Who occupies a facility's beds: one document per facility (`_id` = the
 * partner id), `members` = "<group>|<residentId>" of every current resident.
 * Admission adds (`$addToSet`) and discharge removes (`$pull`) a member, so
 * applying either twice changes nothing; counts per group are read from the
 * members. `rebuildFacilityOccupancy` recomputes it from the residents.
 */
export interface FacilityOccupancyDoc {
  _id: string;
  members: string[];
  updatedAt: Date;
}

const schema = new Schema<FacilityOccupancyDoc>(
  {
    _id: { type: String, required: true },
    members: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'facility_occupancy', versionKey: false, minimize: false },
);

export const FacilityOccupancyModel = model<FacilityOccupancyDoc>('FacilityOccupancy', schema);
