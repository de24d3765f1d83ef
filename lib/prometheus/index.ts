export * from './config';
export * from './prometheus-with-sidecar';
