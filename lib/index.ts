export * from './core';
export * from './jaeger';
