export * from './connection';
export * from './eck';
export * from './roles';
export * from './exporter';
export * from './alerts';
