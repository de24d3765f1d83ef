export * from './cache';
export * from './endpoints';
export * from './hashring';
export * from './objstore';
export * from './ports';
export * from './relabel';
export * from './receive-limits';
