export * from './cdk8s-deployment';
export * from './kinds';
