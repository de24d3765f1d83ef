import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';
import { DEFAULT_GATED_POLLING_INTERVAL_SECONDS, KafkaConsumerGate } from '../../kafka';
import { JaegerSearchStorage } from './search-storage';

/** The name of the storage gate's trigger in the autoscaler's formula. */
export const STORAGE_GATE_NAME = 'storage';
/**
 * How long the health request waits for the cluster to be at least yellow (every primary shard assigned, so every
 * index accepts writes). Below KEDA's default HTTP client timeout (3 s, `KEDA_HTTP_DEFAULT_TIMEOUT`), so a red
 * cluster answers 408 before KEDA gives up on the request.
 */
export const STORAGE_GATE_WAIT = '1s';

/**
 * A KEDA `metrics-api` trigger on the engine's `GET /_cluster/health?wait_for_status=yellow`: it reads the number of
 * data nodes when the cluster is at least yellow, and fails when the engine is unreachable, refuses the credentials,
 * or stays red (Elasticsearch's ClusterHealthResponse answers 408 when the wait times out, and the metrics-api scaler
 * treats any status but 200 as an error: kedacore/keda@v2.20.2 pkg/scalers/metrics_api_scaler.go). A failing gate
 * scales the ingesters to zero, so spans stay in Kafka until the engine is back.
 *
 * KEDA's operator reads the engine itself: it needs the `monitor` cluster privilege with these credentials, a
 * network path to the engine, and, over HTTPS, to trust its CA. The metrics-api trigger cannot take a CA without a
 * client certificate (pkg/scalers/authentication/authentication_types.go Validate), so the CA goes into the
 * operator's `--ca-dir` (default `/custom/ca`, cmd/operator/main.go; pkg/util/certificates.go), which every
 * scaler's HTTP client trusts (pkg/util/tls_config.go CreateTLSClientConfig).
 */
export function storageHealthGate(
  scope: Construct,
  storage: JaegerSearchStorage,
  name: string,
  namespace: string,
  labels: Record<string, string>,
  context: ErrorContext,
): KafkaConsumerGate {
  const connection = storage.connection;
  const url = `${connection.serverUrls[0] as string}/_cluster/health?wait_for_status=yellow&timeout=${STORAGE_GATE_WAIT}`;
  const metadata: Record<string, string> = { url, format: 'json', valueLocation: 'number_of_data_nodes' };
  const secretRefs: { parameter: string; name: string; key: string }[] = [];
  const configMapRefs: { parameter: string; name: string; key: string }[] = [];
  const auth = connection.auth;
  if (auth?.kind === 'basic') {
    metadata.authModes = 'basic';
    secretRefs.push({ parameter: 'password', ...auth.password });
    if (typeof auth.username === 'string') {
      // A TriggerAuthentication reads values only from Secrets, ConfigMaps and the like: the name goes in a ConfigMap.
      const configMap = new k8s.KubeConfigMap(scope, 'storage-gate-username', {
        metadata: { name: `${name}-storage-gate`, namespace, labels },
        data: { username: auth.username },
      });
      configMapRefs.push({ parameter: 'username', name: configMap.name, key: 'username' });
    } else {
      secretRefs.push({ parameter: 'username', ...auth.username });
    }
  } else if (auth?.kind === 'bearerToken') {
    metadata.authModes = 'bearer';
    secretRefs.push({ parameter: 'bearerToken', ...auth.token });
  } else if (auth?.kind === 'apiKey') {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'storageGate',
      problem:
        "cannot read the engine's health with an API key: KEDA's metrics-api trigger sends no 'Authorization: ApiKey' header",
      value: auth.kind,
      fix: 'connect with basic auth or a bearer token, or set storageGate: false and accept losing spans while the storage is down',
    });
  }
  return {
    name: STORAGE_GATE_NAME,
    type: 'metrics-api',
    metadata,
    secretRefs,
    configMapRefs,
    minValue: 1,
  };
}

/** KEDA's HTTP timeout for scaler requests (kedacore/keda@v2.20.2 cmd/operator/main.go `KEDA_HTTP_DEFAULT_TIMEOUT`). */
export const KEDA_HTTP_TIMEOUT_SECONDS = 3;
/**
 * Jaeger 2.20.0's bulk indexer defaults: one worker buffering up to 5 MB, flushed every 200 ms
 * (jaegertracing/jaeger@v2.20.0 internal/storage/v1/elasticsearch/options.go `bulk_processing`).
 */
export const JAEGER_BULK_BUFFER_BYTES = 5_000_000;

/** What {@link storageOutageLoss} needs. */
export interface StorageOutageLossInput {
  /** Spans per second the ingesters consume when the outage starts: the ingest rate when caught up, their maximum throughput while draining a backlog. */
  readonly drainSpansPerSecond: number;
  /** Ingesters running when the outage starts (each holds one bulk buffer). */
  readonly ingesters: number;
  readonly bytesPerSpan: number;
  /** The gated ScaledObject's polling interval. @default DEFAULT_GATED_POLLING_INTERVAL_SECONDS (10) */
  readonly pollingIntervalSeconds?: number;
}

/** The spans a storage outage still costs with the gate, at most. */
export interface StorageOutageLoss {
  /** Until KEDA has seen the failure: one polling interval plus its HTTP timeout. */
  readonly detectionSeconds: number;
  /** Consumed and dropped by the bulk indexer before the ingesters stop. */
  readonly spansConsumedBeforeStop: number;
  /** Queued in the ingesters' bulk buffers when the engine went away. */
  readonly spansInBulkBuffers: number;
  readonly totalSpans: number;
}

/**
 * The loss model of the storage gate, an upper bound. Assumptions: the engine fails at once (unreachable or red),
 * KEDA sees it at its next poll at the latest (polling interval + HTTP timeout), the gate's cooldown is 0 so the
 * ingesters are told to stop at that poll, a stopping ingester consumes nothing more, and everything consumed
 * meanwhile, plus each ingester's full bulk buffer, is dropped (Jaeger does not retry failed bulk items:
 * internal/storage/elasticsearch/esclient/bulk.go). Everything consumed after that stays in Kafka for the topic's
 * retention. Partial failures (the engine up but rejecting documents: overload 429s, a read-only index, mapping
 * errors) do not close the gate and lose every rejected span; JaegerStorageWriteErrors fires on them.
 */
export function storageOutageLoss(input: StorageOutageLossInput): StorageOutageLoss {
  const polling = input.pollingIntervalSeconds ?? DEFAULT_GATED_POLLING_INTERVAL_SECONDS;
  const detectionSeconds = polling + KEDA_HTTP_TIMEOUT_SECONDS;
  const spansConsumedBeforeStop = Math.ceil(detectionSeconds * input.drainSpansPerSecond);
  const spansInBulkBuffers = input.ingesters * Math.ceil(JAEGER_BULK_BUFFER_BYTES / input.bytesPerSpan);
  return {
    detectionSeconds,
    spansConsumedBeforeStop,
    spansInBulkBuffers,
    totalSpans: spansConsumedBeforeStop + spansInBulkBuffers,
  };
}
