import { Schema, model, type Types } from 'mongoose';
import { ROLES, type TRole } from '@hotline/core';

export interface UserDoc {
  _id: Types.ObjectId;
  email: string;
  passwordHash: string;
  name: string;
  role: TRole;
  provinces: string[];
  allProvinces: boolean;
  partnerId: Types.ObjectId | null;
  active: boolean;
  /** Created by the demo seed; never present in production mode. */
  demo: boolean;
  /** Folded name and email for the admin's search ("nguyen van" finds "Nguyễn Văn"). */
  searchKey: string;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<UserDoc>(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    passwordHash: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    provinces: { type: [String], default: [] },
    allProvinces: { type: Boolean, default: false },
    partnerId: { type: Schema.Types.ObjectId, default: null },
    active: { type: Boolean, default: true },
    demo: { type: Boolean, default: false },
    searchKey: { type: String, default: '' },
  },
  { timestamps: true, collection: 'users' },
);
schema.index({ email: 1 }, { unique: true });
schema.index({ role: 1, provinces: 1 });
schema.index({ allProvinces: 1 });

export const UserModel = model<UserDoc>('User', schema);
