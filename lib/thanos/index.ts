export * from './flags';
export * from './config';
