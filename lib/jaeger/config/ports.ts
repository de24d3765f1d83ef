import { NamedPort, PolicyPort } from '../../core';
import { HEALTH_STATUS_PATH, parseListen } from './common';
import { JaegerConfig } from './types';

/** Port names Jaeger containers and Services use; stable, at most 15 characters. */
export const PORT_NAMES = {
  otlpGrpc: 'otlp-grpc',
  otlpHttp: 'otlp-http',
  queryHttp: 'query-http',
  queryGrpc: 'query-grpc',
  samplingHttp: 'sampling-http',
  samplingGrpc: 'sampling-grpc',
  metrics: 'metrics',
  health: 'health',
} as const;

export type PortKey = keyof typeof PORT_NAMES;

function get(root: unknown, ...path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function endpointPort(root: unknown, ...path: string[]): number | undefined {
  const endpoint = get(root, ...path);
  return typeof endpoint === 'string' ? parseListen(endpoint).port : undefined;
}

/**
 * The ports a Jaeger process listens on, read from its config object: only the receivers a pipeline uses and the
 * extensions the service enables. Container ports, Service ports and probes all come from here, so they cannot
 * disagree with the ConfigMap.
 */
export function listeningPorts(config: JaegerConfig): Record<PortKey, number | undefined> {
  const receivers = new Set(Object.values(config.service.pipelines).flatMap((p) => p.receivers));
  const extensions = new Set(config.service.extensions);
  const otlp = receivers.has('otlp') ? config.receivers.otlp : undefined;
  const query = extensions.has('jaeger_query') ? config.extensions.jaeger_query : undefined;
  const sampling = extensions.has('remote_sampling') ? config.extensions.remote_sampling : undefined;
  const health = extensions.has('healthcheckv2') ? config.extensions.healthcheckv2 : undefined;
  return {
    otlpGrpc: endpointPort(otlp, 'protocols', 'grpc', 'endpoint'),
    otlpHttp: endpointPort(otlp, 'protocols', 'http', 'endpoint'),
    queryHttp: endpointPort(query, 'http', 'endpoint'),
    queryGrpc: endpointPort(query, 'grpc', 'endpoint'),
    samplingHttp: endpointPort(sampling, 'http', 'endpoint'),
    samplingGrpc: endpointPort(sampling, 'grpc', 'endpoint'),
    metrics: config.service.telemetry.metrics.readers[0]?.pull.exporter.prometheus.port,
    health: endpointPort(health, 'http', 'endpoint'),
  };
}

/** The listening ports as named container ports, in a fixed order. */
export function containerPorts(config: JaegerConfig): NamedPort[] {
  const ports = listeningPorts(config);
  return (Object.keys(PORT_NAMES) as PortKey[])
    .filter((key) => ports[key] !== undefined)
    .map((key) => ({ name: PORT_NAMES[key], port: ports[key] as number }));
}

/** The health endpoint the probes use: the `healthcheckv2` HTTP status path. */
export function healthEndpoint(config: JaegerConfig): { readonly portName: string; readonly path: string } {
  const path = get(config.extensions.healthcheckv2, 'http', 'status', 'path');
  return { portName: PORT_NAMES.health, path: typeof path === 'string' ? path : HEALTH_STATUS_PATH };
}

/** The listening ports among `keys`, as NetworkPolicy ports. */
export function policyPorts(config: JaegerConfig, ...keys: PortKey[]): PolicyPort[] {
  const ports = listeningPorts(config);
  return keys.filter((k) => ports[k] !== undefined).map((k) => ({ port: ports[k] as number }));
}
