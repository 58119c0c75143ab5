/**
 * Whether a recorded query shape (query-shapes.ts) is served by an index on
 * the embedded database: FerretDB v1 on PostgreSQL pushes down only top-level
 * scalar equalities, and our wrapper keeps a GIN index on `_id` and on every
 * top-level field of every declared index. Any other condition is evaluated
 * after reading every document the pushed-down equalities select, so a
 * filter without such an equality reads the whole collection.
 */
import type { QueryShape, ShapeValue } from './query-shapes';

/**
 * Collections that may be read without an indexed equality: reference data
 * that stays under a few thousand small documents whatever the load.
 * Not here, on purpose: users (one account per partner as well as staff:
 * thousands), partners (hundreds per province), partner_stats (one per
 * partner), case_queue_buckets (province × status × category × risk, each
 * listing its cases), and every collection that grows with cases or calls.
 */
const SMALL_COLLECTIONS: Readonly<Record<string, string>> = {
  // The one SLA settings document (`_id: 'sla'`).
  sla_settings: 'one document',
  // One document per named sequence: case references per province and year (34 a year).
  counters: 'one sequence per province and year',
  // The official list of 3,321 commune-level units, written only by the seed.
  communes: '3,321 communes, written only by the seed',
  // One document per province plus `all`: 35.
  case_months: 'one document per province (35)',
  // Live sign-ins only: the reconciler deletes each one within a minute of its expiry.
  sessions: 'live sign-ins, deleted as they expire',
};

/** Values FerretDB pushes down as an equality (`_jsonb->'f' @> value`). */
const SCALAR_TYPES = new Set(['string', 'number', 'int', 'long', 'double', 'decimal128', 'bool', 'objectId', 'date']);

export interface ShapeVerdict {
  ok: boolean;
  /** The index whose field the equality uses (`_id_` for `_id`), or null. */
  index: string | null;
  /** Why it is served or why not. */
  reason: string;
}

type IndexKeys = Record<string, unknown>;
/** What `Model.schema.indexes()` returns: [keys, options]. */
export type DeclaredIndex = [IndexKeys, { name?: string } & Record<string, unknown>];

const indexName = ([keys, options]: DeclaredIndex): string =>
  options.name ?? Object.entries(keys).map(([field, dir]) => `${field}_${String(dir)}`).join('_');

const isScalar = (value: ShapeValue | undefined): boolean => typeof value === 'string' && SCALAR_TYPES.has(value);

/** A plain scalar value or `{ $eq: scalar }`: an equality FerretDB pushes down. */
const isScalarEquality = (value: ShapeValue): boolean =>
  isScalar(value) || (typeof value === 'object' && !Array.isArray(value) && isScalar(value.$eq));

/** Why one top-level condition does not count as a served equality. */
function whyNotServed(field: string, value: ShapeValue): string {
  if (field.startsWith('$')) return `${field} is not pushed down`;
  if (field.includes('.')) return `dotted path ${field}`;
  if (isScalarEquality(value)) return `${field} is in no declared index`;
  if (typeof value === 'string') return `${value} equality on ${field} is not pushed down`;
  if (Array.isArray(value)) return `${field} compared to a list`;
  return `only ${Object.keys(value).join(', ')} on ${field}`;
}

export function checkShape(
  shape: Pick<QueryShape, 'collection' | 'filter'>,
  declaredIndexes: readonly DeclaredIndex[],
  smallCollections: Readonly<Record<string, string>> = SMALL_COLLECTIONS,
): ShapeVerdict {
  const indexedFields = new Set(['_id']);
  for (const [keys] of declaredIndexes) for (const field of Object.keys(keys)) if (!field.includes('.')) indexedFields.add(field);

  const conditions = Object.entries(shape.filter);
  const equalities = conditions.filter(([field, value]) => indexedFields.has(field) && isScalarEquality(value)).map(([field]) => field);
  if (equalities.includes('_id')) return { ok: true, index: '_id_', reason: 'equality on _id' };
  const field = equalities[0];
  if (field) {
    // Name the index the field leads, else any holding it; the one covering most of the filter.
    const fit = ([keys]: DeclaredIndex) => (Object.keys(keys)[0] === field ? 100 : 0) + Object.keys(keys).filter((k) => k in shape.filter).length;
    const index = declaredIndexes.filter(([keys]) => field in keys).sort((a, b) => fit(b) - fit(a))[0]!;
    return { ok: true, index: indexName(index), reason: `equality on ${field}` };
  }
  const why = conditions.length === 0 ? 'no filter' : conditions.map(([field, value]) => whyNotServed(field, value)).join('; ');
  const small = smallCollections[shape.collection];
  if (small) return { ok: true, index: null, reason: `small collection (${small}); ${why}` };
  return { ok: false, index: null, reason: why };
}
