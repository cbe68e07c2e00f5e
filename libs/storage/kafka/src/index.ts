export { KafkaEventLog } from './kafka-event-log.ts';
export { MissingTopicError } from './failures.ts';
export type { KafkaLogOptions, KafkaSasl } from './options.ts';
export { createKafkaTopics } from './topics.ts';
/** kafkajs's cluster handle, for benchmarks that time one bare request against ours. */
export { createCluster } from './cluster.ts';
