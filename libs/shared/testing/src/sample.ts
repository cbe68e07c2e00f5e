import { randomUUID } from 'node:crypto';
import type { EntitySchema } from '@egg/entity-runtime';

/** A payload that satisfies the schema: required fields (and `alsoFields`), each at its smallest valid value. */
export function samplePayload(schema: EntitySchema, alsoFields: readonly string[] = []): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of new Set([...schema.required, ...alsoFields])) {
    const p = schema.properties[field];
    if (p.type !== 'string') payload[field] = p.minimum ?? 0;
    else if (p.enum) payload[field] = p.enum[0];
    else if (p.format === 'uuid') payload[field] = randomUUID();
    else if (p.format === 'date') payload[field] = '2024-02-29';
    else if (p.format === 'date-time') payload[field] = '2024-02-29T12:00:00Z';
    else payload[field] = `sample ${field}`;
  }
  return payload;
}
