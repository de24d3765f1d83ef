export * from './broker-config';
export * from './keda';
export * from './sizing';
export * from './strimzi';
export * from './topic-name';
