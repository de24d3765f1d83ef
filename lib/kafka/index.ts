export * from './autoscaler';
export * from './cluster';
export * from './config';
export * from './consumer-groups';
export * from './endpoint';
export * from './topic';
export * from './user';
