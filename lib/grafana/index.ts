export * from './grafana';
export * from './dashboard';
export * from './sidecar';
