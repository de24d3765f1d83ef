export * from './grafana';
