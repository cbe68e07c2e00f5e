/**
 * Per top-level scalar field, the ids that ever held each value. A field index restored from
 * a snapshot stays encoded until its first lookup (a cold read by id needs none of them);
 * values indexed meanwhile wait beside it.
 */
export type Scalar = string | number | boolean;
export const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** Ids per value: a list, appended when an id takes the value again (dedupe on lookup). */
export type ByValue = Map<Scalar, string[]>;

function index(byValue: ByValue, value: Scalar, id: string): void {
  const ids = byValue.get(value);
  if (!ids) byValue.set(value, [id]);
  else if (ids[ids.length - 1] !== id) ids.push(id);
}

export class FieldIndexes {
  private readonly decoded = new Map<string, ByValue>();
  private readonly encoded = new Map<string, { decode: () => ByValue; added: [Scalar, string][] }>();

  add(field: string, value: Scalar, id: string): void {
    const encoded = this.encoded.get(field);
    if (encoded) encoded.added.push([value, id]);
    else {
      let byValue = this.decoded.get(field);
      if (!byValue) this.decoded.set(field, (byValue = new Map()));
      index(byValue, value, id);
    }
  }

  /** A field's index as a snapshot holds it, decoded on its first lookup. */
  addEncoded(field: string, decode: () => ByValue): void {
    this.encoded.set(field, { decode, added: [] });
  }

  get(field: string): ByValue | undefined {
    const encoded = this.encoded.get(field);
    if (encoded) {
      this.encoded.delete(field);
      const byValue = encoded.decode();
      this.decoded.set(field, byValue);
      for (const [value, id] of encoded.added) index(byValue, value, id);
    }
    return this.decoded.get(field);
  }

  names(): string[] {
    return [...new Set([...this.decoded.keys(), ...this.encoded.keys()])];
  }
}
