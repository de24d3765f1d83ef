export * from './core';
export * from './jaeger';
export * from './thanos';
export * from './prometheus';
