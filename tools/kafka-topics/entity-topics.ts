/** Every topic the entity functions use: one per entity, and its companion of idempotency keys. */
import { claimsTopic } from '@egg/entity-runtime';
import { entityNames } from '@egg/shared-catalog';

export const ENTITY_TOPICS: string[] = entityNames().flatMap((name) => [name, claimsTopic({ name })]);
