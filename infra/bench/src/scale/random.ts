/** A seeded PRNG and the small draws the scale seed makes (reproducible with BENCH_SEED). */
import { Types } from 'mongoose';

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32: [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Distinct picks (fewer when the list is shorter). */
  some<T>(xs: readonly T[], n: number): T[] {
    const copy = [...xs];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
  /** Poisson-ish small counts (Knuth). */
  poisson(mean: number): number {
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
}

/** Draws keys by weight in O(log n). */
export class Weighted<T> {
  private readonly cum: number[] = [];
  private readonly total: number;
  constructor(readonly items: readonly T[], weights: readonly number[]) {
    let acc = 0;
    for (const w of weights) this.cum.push((acc += w));
    this.total = acc;
  }
  draw(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/**
 * ObjectIds whose timestamp is the document's own time, as the service's own
 * ids would be had the documents been written then (`_id` order is time order;
 * a case's month is its id's month). Unique within a run: a per-run random
 * middle and a counter, as ObjectId itself does.
 */
export class IdMaker {
  private counter: number;
  private readonly middle: string;
  constructor(rng: Rng) {
    this.counter = rng.int(0, 0xffffff);
    this.middle = Array.from({ length: 5 }, () => rng.int(0, 255).toString(16).padStart(2, '0')).join('');
  }
  at(at: Date): Types.ObjectId {
    const secs = Math.floor(at.getTime() / 1000).toString(16).padStart(8, '0');
    this.counter = (this.counter + 1) & 0xffffff;
    return new Types.ObjectId(secs + this.middle + this.counter.toString(16).padStart(6, '0'));
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
