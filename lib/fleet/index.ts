export * from './model';
export * from './recommend';
