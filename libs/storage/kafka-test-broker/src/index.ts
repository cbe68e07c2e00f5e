export { ApiKey, TestBroker, type TestBrokerOptions } from './test-broker.ts';
export { mockBrokerBinary } from './compile.ts';
