export * from './index-jobs';
export * from './lifecycle';
export * from './plumbing';
export * from './search-storage';
export * from './health-gate';
export * from './write-aliases';
