export * from './coefficients';
export * from './cost';
export * from './metrics';
export * from './metrics-load';
export * from './metrics-roles';
export * from './reference';
export * from './search-storage';
export * from './tracing';
