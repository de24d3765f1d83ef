/**
 * Ports of Thanos v0.42.4 as the library runs it: gRPC (StoreAPI) `--grpc-address`, HTTP (metrics, probes, UI and
 * API) `--http-address`, receive's remote-write server `--remote-write.address` and its Cap'n Proto replication
 * server `--receive.capnproto-address`. These are Thanos's defaults; the library still passes them explicitly so
 * the container ports, Services and flags come from one place.
 */
export const THANOS_PORTS = {
  grpc: 10901,
  http: 10902,
  remoteWrite: 19291,
  capnproto: 19391,
} as const;

/** Container and Service port names (IANA_SVC_NAME, at most 15 characters). */
export const THANOS_PORT_NAMES = {
  grpc: 'grpc',
  http: 'http',
  remoteWrite: 'remote-write',
  capnproto: 'capnproto',
} as const;

/** The remote-write path of a receiver. */
export const REMOTE_WRITE_PATH = '/api/v1/receive';

/** Probe paths every Thanos HTTP server serves. */
export const THANOS_HEALTH_PATH = '/-/healthy';
export const THANOS_READY_PATH = '/-/ready';

/** Where the library mounts configuration files and data in Thanos containers. */
export const THANOS_PATHS = {
  config: '/etc/thanos',
  objstore: '/etc/thanos/objstore',
  tls: '/etc/thanos/tls',
  data: '/var/thanos/data',
} as const;

/** `0.0.0.0:<port>`: every server binds all interfaces of the pod. */
export function listenAll(port: number): string {
  return `0.0.0.0:${port}`;
}
