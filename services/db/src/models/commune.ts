import { Schema, model } from 'mongoose';

/** Commune-level units (communes, wards, special zones) since July 2025. */
export interface CommuneDoc {
  _id: string;
  provinceCode: string;
  name: string;
  /** Folded name for diacritics-insensitive search ("phuong ba dinh"). */
  searchKey: string;
}

const schema = new Schema<CommuneDoc>(
  {
    _id: { type: String, required: true },
    provinceCode: { type: String, required: true },
    name: { type: String, required: true },
    searchKey: { type: String, required: true },
  },
  { collection: 'communes', versionKey: false },
);
schema.index({ provinceCode: 1, searchKey: 1 });

export const CommuneModel = model<CommuneDoc>('Commune', schema);
