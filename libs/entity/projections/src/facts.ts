/**
 * Per-subject indexes of one event topic, kept beside its repository (told of every version as
 * it indexes it, RepositoryOptions.onApply): for each value of the subject fields, the facts
 * a fold needs of each version that held it, and the span of knowledge time in which that
 * version is the one a read sees. Reads at any instant are exact, as the repository's are,
 * and cost what the subject has, without decoding a single payload.
 */
import type { ApplyListener, Payload } from '@egg/storage-core';
import { eventTime } from './windows.ts';

/** What a fold needs of one version of an event. */
export interface Fact {
  /** Its server time: visible to reads at or after it… */
  known: number;
  /** …and before this one, the next version's (Infinity while it is the latest). */
  until: number;
  eggs: number;
  /** Its own `timestamp` in ms (NaN when unreadable). */
  time: number;
  quality?: string;
}

export class FactIndex {
  private readonly byField = new Map<string, Map<unknown, Fact[]>>();
  /** Each id's latest version's fact, to close when the next version comes. */
  private readonly latest = new Map<string, Fact>();

  constructor(private readonly fields: readonly string[]) {
    for (const field of fields) this.byField.set(field, new Map());
  }

  readonly onApply: ApplyListener = (id: string, createdAt: number, deleted: boolean, payload: Payload) => {
    const previous = this.latest.get(id);
    if (previous) previous.until = createdAt;
    this.latest.delete(id);
    if (deleted) return;
    const fact: Fact = { known: createdAt, until: Infinity, eggs: payload.eggs as number, time: eventTime(payload.timestamp) };
    if (typeof payload.quality === 'string') fact.quality = payload.quality;
    this.latest.set(id, fact);
    for (const field of this.fields) {
      const value = payload[field];
      if (value === undefined) continue;
      const byValue = this.byField.get(field)!;
      const facts = byValue.get(value);
      if (facts) facts.push(fact);
      else byValue.set(value, [fact]);
    }
  };

  /** The facts of the versions visible at `at` whose `field` is `value`. */
  at(field: string, value: unknown, at: number): Fact[] {
    const facts = this.byField.get(field)?.get(value) ?? [];
    // A latest version (until Infinity) is seen by every read from its instant on, a read "now" (Infinity) included.
    return facts.filter((f) => f.known <= at && (f.until === Infinity || at < f.until));
  }
}
