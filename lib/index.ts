export * from './core';
export * from './jaeger';
export * from './elasticsearch';
export * from './fleet';
export * from './kafka';
export * from './thanos';
export * from './prometheus';
export * from './grafana';
