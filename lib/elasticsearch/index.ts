export * from './connection';
export * from './eck';
