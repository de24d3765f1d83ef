import { App, Chart } from 'cdk8s';
import {
  ObservabilityChart,
  ThanosObjectStorage,
  ThanosQuery,
  ThanosReceive,
  ThanosStore,
} from 'observability-constructs';

/** The reference design's receive pattern (D2): application clusters remote-write into a receive hashring. */
export function thanosReceive(app: App): Chart {
  const chart = new ObservabilityChart(app, 'thanos-receive', { namespace: 'monitoring' });
  const objectStorage = new ThanosObjectStorage(chart, 'objstore', {
    storage: {
      kind: 'existing-secret',
      secretName: 'thanos-objstore', // holds objstore.yml, credentials included
      bucketId: 's3://thanos-receive',
    },
  });
  const receive = new ThanosReceive(chart, 'receive', {
    objectStorage,
    ingestors: 10,
    replicationFactor: 3,
    remoteWriteService: { type: 'LoadBalancer' },
    remoteWriteTls: { secretName: 'receive-tls', clientAuth: true }, // tls.crt, tls.key, ca.crt of the fleet
    externalHost: 'receive.monitoring.example.com',
    labels: { receive_cluster: 'observability' },
  });
  const store = new ThanosStore(chart, 'store', { objectStorage, replicas: 2 });
  new ThanosQuery(chart, 'query', { stores: [receive, store], replicas: 3 });
  // App clusters write to receive.externalRemoteWriteUrl (https://receive.monitoring.example.com:19291/api/v1/receive)
  // with their cluster name in THANOS-TENANT and their client certificate.
  return chart;
}
