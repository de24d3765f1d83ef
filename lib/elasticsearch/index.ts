export * from './connection';
export * from './eck';
export * from './roles';
