export { ApiKey, TestBroker } from './test-broker.ts';
export { mockBrokerBinary } from './compile.ts';
