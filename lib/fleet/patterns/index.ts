export * from './base';
export * from './hierarchical';
export * from './federation';
export * from './receive';
export * from './flat';
export * from './migration';
export * from './read-path';
export * from './receive-limits';
