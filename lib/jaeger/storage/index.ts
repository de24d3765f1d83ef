export * from './index-jobs';
export * from './lifecycle';
export * from './plumbing';
export * from './search-storage';
export * from './tool-flags';
export * from './curl';
export * from './health-gate';
export * from './write-aliases';
