export * from './prometheus-config';
export * from './rules';
