/**
 * The seed writes documents with the driver (insertMany), bypassing mongoose,
 * while other work changes the models. Each collection's documents are
 * checked once against its model's schema paths:
 * - a path the model no longer has is dropped (e.g. a field moved elsewhere),
 *   unless it is one of the query fields being added today (`keep`);
 * - a model path the seed does not write is reported, so a new field the
 *   service filters on is noticed instead of silently missing from a year of data.
 */
import type { Model } from 'mongoose';

export interface FieldCheck {
  collection: string;
  /** Written although the model does not declare it (announced fields). */
  keptExtra: string[];
  /** Not in the model: removed from every document. */
  dropped: string[];
  /** In the model, not written by the seed. */
  missing: string[];
}

type Doc = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Doc =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && Object.getPrototypeOf(v) === Object.prototype;

export class ModelFit {
  private plan: string[][] | null = null;
  check: FieldCheck | null = null;

  constructor(readonly model: Model<never>, private readonly keep: readonly string[] = []) {}

  get collection(): string {
    return this.model.collection.collectionName;
  }

  private build(sample: Doc): void {
    const paths = new Set(Object.keys(this.model.schema.paths).filter((p) => p !== '__v'));
    const prefixes = new Set([...paths].flatMap((p) => p.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
    const dropped: string[] = [];
    const keptExtra: string[] = [];
    const walk = (obj: Doc, prefix: string) => {
      for (const [k, v] of Object.entries(obj)) {
        const full = prefix ? `${prefix}.${k}` : k;
        if (paths.has(full)) continue;
        if (prefixes.has(full) && isPlainObject(v)) {
          walk(v, full);
          continue;
        }
        if (this.keep.includes(full)) keptExtra.push(full);
        else dropped.push(full);
      }
    };
    walk(sample, '');
    const has = (p: string) => {
      let cur: unknown = sample;
      for (const part of p.split('.')) {
        if (!isPlainObject(cur) || !(part in cur)) return false;
        cur = cur[part];
      }
      return true;
    };
    const missing = [...paths].filter((p) => !has(p));
    this.plan = dropped.map((p) => p.split('.'));
    this.check = { collection: this.collection, keptExtra, dropped, missing };
  }

  /** Drops the paths the model does not have (planned from the first document). */
  fit<T extends Doc>(doc: T): T {
    if (!this.plan) this.build(doc);
    for (const parts of this.plan!) {
      let cur: unknown = doc;
      for (let i = 0; i < parts.length - 1 && isPlainObject(cur); i++) cur = cur[parts[i]!];
      if (isPlainObject(cur)) delete cur[parts[parts.length - 1]!];
    }
    return doc;
  }
}
