export * from './model';
export * from './analyse';
export * from './build';
export * from './check';
