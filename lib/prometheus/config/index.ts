export * from './prometheus-config';
export * from './rules';
export * from './cluster-scrape-jobs';
