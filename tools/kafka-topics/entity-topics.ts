/** Every topic the entity functions use: one per entity, and its companion of idempotency keys. */
import { claimsTopic } from '@egg/entity-runtime';
import { ENTITY_NAMES } from '@egg/bundle/functions';

export const ENTITY_TOPICS: string[] = ENTITY_NAMES.flatMap((name) => [name, claimsTopic({ name })]);
