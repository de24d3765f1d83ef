export * from './all-in-one';
export * from './config';
export * from './validation';
