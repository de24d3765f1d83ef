import { Chart } from 'cdk8s';
import { ErrorCode } from '../../lib/core';
import { PrometheusWithSidecar } from '../../lib/prometheus';
import {
  ThanosCompactor,
  ThanosObjectStorage,
  ThanosQuery,
  ThanosReceive,
  ThanosRuler,
  ThanosStore,
} from '../../lib/thanos';
import { fixture } from '../thanos/support';
import { errorTable } from './table';

// Throw sites of the Thanos and Prometheus constructs (lib/thanos/*.ts, lib/prometheus/*.ts), smallest inputs.
const { INVALID_VALUE, INCOMPATIBLE_PROPS, UNSAFE_WITHOUT_OPT_IN, DANGLING_REFERENCE } = ErrorCode;
const labels = { cluster: 'app-001', region: 'a' };
const ingress = {
  kind: 'ingress',
  host: 'thanos.example.com',
  tlsSecretName: 'web',
  access: { kind: 'none' },
} as never;

describe('lib/thanos constructs', () => {
  errorTable([
    {
      site: 'query.ts: no stores and no endpoints',
      run: () => new ThanosQuery(fixture().chart, 'q', {}),
      code: INVALID_VALUE,
      prop: 'stores',
      message: 'and endpoints are both empty',
    },
    {
      site: 'query.ts: exposure with httpTls',
      run: () =>
        new ThanosQuery(fixture().chart, 'q', {
          endpoints: [{ address: 'store:10901' }],
          httpTls: { secretName: 'q-tls' },
          exposure: ingress,
        }),
      code: INCOMPATIBLE_PROPS,
      prop: 'exposure',
      message: 'cannot be set together with httpTls',
    },
    {
      site: 'query.ts: an outside endpoint without TLS',
      run: () =>
        new ThanosQuery(fixture().chart, 'q', { endpoints: [{ address: 'sidecar.example.com:443' }] }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'endpoints[0].tls',
      message: 'is missing for an endpoint outside the cluster',
    },
    {
      site: 'receive.ts: unknown tenant certificate field',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosReceive(chart, 'r', {
          objectStorage,
          tenantCertificateField: 'serialNumber' as never,
        });
      },
      code: INVALID_VALUE,
      prop: 'tenantCertificateField',
      message: 'is not a certificate field Thanos reads',
    },
    {
      site: 'receive.ts: tenant from certificates without client auth',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosReceive(chart, 'r', { objectStorage, tenantCertificateField: 'commonName' });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'tenantCertificateField',
      message: 'needs client certificates, but remote write does not require them',
    },
    {
      site: 'store.ts: a chunk pool size without unit',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosStore(chart, 's', { objectStorage, chunkPoolSize: '2 gigs' });
      },
      code: INVALID_VALUE,
      prop: 'chunkPoolSize',
      message: 'is not a byte size Thanos reads',
    },
    {
      site: 'store.ts: timeRange with time sharding',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosStore(chart, 's', {
          objectStorage,
          sharding: { kind: 'time', partitions: [{ maxTime: '-2w' }, { minTime: '-2w' }] },
          timeRange: { minTime: '-4w' },
        });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'timeRange',
      message: 'cannot be combined with time sharding',
    },
    {
      site: 'selection.ts: two store shards over the same blocks',
      run: () => {
        const { chart, objectStorage } = fixture();
        new ThanosStore(chart, 'a', { objectStorage, externalLabels: { cluster: 'x' } });
        return new ThanosStore(chart, 'b', { objectStorage, name: 'b', externalLabels: { cluster: 'x' } });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'sharding',
      message: 'which overlaps the store shard',
    },
    {
      site: 'selection.ts: two compactors on one bucket',
      run: () => {
        const { chart, objectStorage } = fixture();
        new ThanosCompactor(chart, 'a', { objectStorage });
        return new ThanosCompactor(chart, 'b', { objectStorage, name: 'b' });
      },
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'objectStorage',
      message: 'two compactors on one stream corrupt it',
    },
    {
      site: 'ruler.ts: unknown partial response strategy',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosRuler(chart, 'r', {
          objectStorage,
          ruleGroups: [],
          queries: [{ httpUrl: 'http://q:10902' }],
          partialResponseStrategy: 'ignore' as never,
        });
      },
      code: INVALID_VALUE,
      prop: 'partialResponseStrategy',
      message: 'is not a strategy Thanos knows',
    },
    {
      site: 'ruler.ts: no query',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosRuler(chart, 'r', { objectStorage, ruleGroups: [], queries: [] });
      },
      code: INVALID_VALUE,
      prop: 'queries',
      message: 'is empty, so the rules have nothing to evaluate against',
    },
    {
      site: 'ruler.ts: the replica label in labels',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosRuler(chart, 'r', {
          objectStorage,
          ruleGroups: [],
          queries: [{ httpUrl: 'http://q:10902' }],
          labels: { rule_replica: 'x' },
        });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'labels',
      message: "sets the replica label 'rule_replica'",
    },
    {
      site: 'ruler.ts: Alertmanager URL without scheme',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosRuler(chart, 'r', {
          objectStorage,
          ruleGroups: [],
          queries: [{ httpUrl: 'http://q:10902' }],
          alertmanagerUrls: ['alertmanager:9093'],
        });
      },
      code: INVALID_VALUE,
      prop: 'alertmanagerUrls',
      message: 'holds a URL without an http or https scheme',
    },
    {
      site: 'http-tls.ts: an httpTls endpoint behind http://',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosRuler(chart, 'r', {
          objectStorage,
          ruleGroups: [],
          queries: [{ httpUrl: 'http://q:10902', httpTls: { secretName: 'q-tls' } }],
        });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'queries[0]',
      message: 'serves HTTPS (httpTls) but is called through a plain-text http:// URL',
    },
    {
      site: 'http-tls.ts: an in-cluster https:// URL without CA',
      run: () => {
        const { chart, objectStorage } = fixture();
        return new ThanosRuler(chart, 'r', {
          objectStorage,
          ruleGroups: [],
          queries: [{ httpUrl: 'https://q.monitoring.svc:10902' }],
        });
      },
      code: INCOMPATIBLE_PROPS,
      prop: 'queries[0]',
      message: 'is an in-cluster https:// URL without the CA to verify it',
    },
    {
      site: 'object-storage.ts: plain HTTP to an outside endpoint',
      run: () =>
        new ThanosObjectStorage(fixture().chart, 'o2', {
          storage: { kind: 's3', bucket: 'thanos', endpoint: 's3.example.com', insecure: true },
        }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'storage.insecure',
      message: 'sends credentials and blocks in plain HTTP to an endpoint outside the cluster',
    },
    {
      site: 'object-storage.ts: bucket Secret in another namespace',
      run: () => {
        const { app, objectStorage } = fixture();
        const elsewhere = new Chart(app, 'elsewhere', { namespace: 'elsewhere' });
        return new ThanosStore(elsewhere, 's', { objectStorage });
      },
      code: DANGLING_REFERENCE,
      prop: 'objectStorage',
      message: "is in namespace 'monitoring', but the component runs in 'elsewhere'",
    },
    {
      site: 'tls.ts: a plain-text StoreAPI outside the cluster',
      run: () =>
        new PrometheusWithSidecar(fixture().chart, 'p', {
          externalLabels: labels,
          grpcService: { type: 'NodePort' },
        }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'grpcService',
      message: 'exposes the StoreAPI outside the cluster in plain text',
    },
  ]);
});

describe('lib/prometheus/prometheus-with-sidecar.ts', () => {
  const make = (props: object) => () =>
    new PrometheusWithSidecar(fixture().chart, 'p', { externalLabels: labels, ...props });
  errorTable([
    {
      site: 'external labels without cluster',
      run: () => new PrometheusWithSidecar(fixture().chart, 'p', { externalLabels: { region: 'a' } }),
      code: INVALID_VALUE,
      prop: 'externalLabels',
      message: "lacks 'cluster'",
    },
    {
      site: 'the replica label in externalLabels',
      run: make({ externalLabels: { ...labels, prometheus_replica: 'x' } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'externalLabels',
      message: "sets the replica label 'prometheus_replica'",
    },
    {
      site: 'two Prometheus with the same external labels',
      run: () => {
        const { chart } = fixture();
        new PrometheusWithSidecar(chart, 'a', { externalLabels: labels });
        return new PrometheusWithSidecar(chart, 'b', { name: 'b', externalLabels: labels });
      },
      code: INVALID_VALUE,
      prop: 'externalLabels',
      message: "equal those of 'test/a'",
    },
    {
      site: 'a sidecar prop without the sidecar',
      run: make({ thanosSidecar: false, grpcTls: { secretName: 's' } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'grpcTls',
      message: 'configures the Thanos sidecar, which thanosSidecar: false leaves out',
    },
    {
      site: 'an https remote-write target without tls',
      run: make({ remoteWrite: { target: { remoteWriteUrl: 'https://r.example.com/api/v1/receive' } } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'remoteWrite.tls',
      message: 'is required for an https target',
    },
    {
      site: 'plain-HTTP remote write outside the cluster',
      run: make({ remoteWrite: { target: { remoteWriteUrl: 'http://r.example.com/api/v1/receive' } } }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'remoteWrite.url',
      message: 'sends every sample in plain HTTP to a receiver outside the cluster',
    },
    {
      site: 'an exposed web API without client certificates',
      run: make({ webService: { type: 'LoadBalancer' } }),
      code: UNSAFE_WITHOUT_OPT_IN,
      prop: 'webService',
      message: 'exposes the Prometheus HTTP API (every query and /federate) outside the cluster',
    },
    {
      site: 'webTls with the sidecar',
      run: make({ webTls: { secretName: 'w' } }),
      code: INCOMPATIBLE_PROPS,
      prop: 'webTls',
      message: 'puts TLS on the web port the Thanos sidecar reads over plain HTTP',
    },
  ]);
});
