export * from './builder';
export * from './types';
export * from './v0-42-4';
