/**
 * cdk8s constructs for Jaeger v2, Kafka (Strimzi, KEDA), Thanos and Prometheus on Kubernetes, the fleet patterns
 * of the reference design, and the pure builders and sizing helpers they are made of.
 *
 * @module observability-constructs
 */
export * from './core';
export * from './jaeger';
export * from './elasticsearch';
export * from './fleet';
export * from './kafka';
export * from './thanos';
export * from './prometheus';
export * from './grafana';
export * from './capacity';
export * from './memcached';
