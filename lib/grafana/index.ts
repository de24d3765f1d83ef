export * from './grafana';
export * from './dashboard';
