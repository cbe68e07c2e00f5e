export { KafkaEventLog } from './kafka-event-log.ts';
export { MissingTopicError } from './failures.ts';
export type { KafkaLogOptions, KafkaSasl } from './options.ts';
export { createKafkaTopics, type TopicsResult } from './topics.ts';
