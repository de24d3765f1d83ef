import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';
import { KafkaConsumerGate } from '../../kafka';
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
