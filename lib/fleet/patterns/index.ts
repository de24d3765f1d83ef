export * from './base';
export * from './hierarchical';
export * from './federation';
export * from './receive';
export * from './self-monitoring';
