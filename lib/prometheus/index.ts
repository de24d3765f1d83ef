export * from './config';
export * from './prometheus-with-sidecar';
export * from './discovery-rbac';
export * from './web-tls';
