/**
 * `npm run kafka:topics`: creates every entity's topics (its events, its idempotency keys) on the cluster the KAFKA_* variables
 * name (a deploy-time step; functions only check that their topic exists). Partitions:
 * EGG_PARTITIONS. Existing topics keep theirs.
 */
import { createKafkaTopics } from '@egg/storage-kafka';
import { kafkaLogOptions, loadStorageConfig } from '@egg/storage-config';
import { ENTITY_TOPICS } from './entity-topics.ts';

async function main(): Promise<void> {
  const config = loadStorageConfig({ ...process.env, EGG_STORAGE: 'kafka' });
  if (config.backend !== 'kafka') return;
  const options = await kafkaLogOptions(config.kafka);
  const { created, existing } = await createKafkaTopics(
    options,
    ENTITY_TOPICS.map((topic) => ({ topic, partitions: config.partitions })),
  );
  console.log(`created ${created.length} topic(s) with ${config.partitions} partitions${created.length ? `: ${created.join(', ')}` : ''}`);
  if (existing.length) console.log(`already there (kept as they are): ${existing.join(', ')}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
