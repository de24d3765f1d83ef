import { expectConstructError } from '../support/errors';
import { expectErrorCode } from '../support/error-code';
import { parse } from 'yaml';
import { ErrorCode } from '../../lib/core';
import { PrometheusWithSidecar, PrometheusWithSidecarProps } from '../../lib/prometheus';
import { ThanosQuery, ThanosReceive } from '../../lib/thanos';
import { only, synth } from '../support/manifests';
import { describeWithPromtool, promtool, withoutKubernetesSd } from '../support/promtool';
import { args, fixture, thrown } from '../thanos/support';

const base: PrometheusWithSidecarProps = {
  externalLabels: { cluster: 'app-001', region: 'a' },
  scrapeJobs: [{ jobName: 'pods', kubernetes: { role: 'pod' } }],
  ruleGroups: [{ name: 'g', rules: [{ record: 'cluster:up:sum', expr: 'sum by (cluster) (up)' }] }],
};

describe('PrometheusWithSidecar', () => {
  test('Prometheus 3 and a Thanos sidecar sharing the TSDB volume, uploading, 2h blocks', () => {
    const { chart, objectStorage } = fixture();
    const prometheus = new PrometheusWithSidecar(chart, 'prometheus', { ...base, objectStorage });
    const objects = synth(chart);
    const set = only(objects, 'StatefulSet');
    const [prom, sidecar] = set.spec.template.spec.containers;
    expect(prom.image).toBe('quay.io/prometheus/prometheus:v3.14.0');
    expect(prom.args).toEqual([
      '--config.file=/etc/prometheus/prometheus.yml',
      '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d',
      '--storage.tsdb.min-block-duration=2h',
      '--storage.tsdb.max-block-duration=2h',
      '--web.listen-address=0.0.0.0:9090',
    ]);
    expect(sidecar.args).toEqual([
      'sidecar',
      '--enable-auto-gomemlimit',
      '--grpc-address=0.0.0.0:10901',
      '--http-address=0.0.0.0:10902',
      '--log.format=logfmt',
      '--log.level=info',
      '--objstore.config-file=/etc/thanos/objstore/objstore.yml',
      '--prometheus.url=http://localhost:9090',
      '--tsdb.path=/prometheus',
    ]);
    expect(sidecar.volumeMounts).toContainEqual({ name: 'data', mountPath: '/prometheus' });
    expect(prom.volumeMounts).toContainEqual({ name: 'data', mountPath: '/prometheus' });
    expect(set.spec.replicas).toBe(2);
    const config = parse(only(objects, 'ConfigMap').data['prometheus.yml']);
    expect(config.global.external_labels).toEqual({
      cluster: 'app-001',
      region: 'a',
      prometheus_replica: '${POD_NAME}',
    });
    expect(prometheus.replicaLabels).toEqual(['prometheus_replica']);
    expect(prometheus.grpcEndpoint).toBe('dns+prometheus.monitoring.svc.cluster.local:10901');
    expect(objects.map((o) => o.kind)).toEqual(
      expect.arrayContaining(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'PodDisruptionBudget']),
    );
    expect(set.spec.template.spec.serviceAccountName).toBe('prometheus');
  });

  test('a querier deduplicates on the replica label of the pair', () => {
    const { chart } = fixture();
    const prometheus = new PrometheusWithSidecar(chart, 'prometheus', base);
    const query = new ThanosQuery(chart, 'query', { stores: [prometheus] });
    expect(args(only(synth(chart), 'Deployment', 'query'))).toContain(
      '--query.replica-label=prometheus_replica',
    );
    expect(query.replicaLabels).toEqual(['prometheus_replica']);
  });

  test('remote write to a receive with the cluster as tenant; the sidecar exposed through a LoadBalancer with TLS', () => {
    const { chart, objectStorage } = fixture();
    const receive = new ThanosReceive(chart, 'receive', { objectStorage });
    const prometheus = new PrometheusWithSidecar(chart, 'prometheus', {
      ...base,
      remoteWrite: { target: receive },
      grpcService: { type: 'LoadBalancer' },
      externalGrpcHost: 'sidecar.app-001.example.com',
      grpcTls: { secretName: 'sidecar-tls', clientAuth: true },
    });
    const objects = synth(chart);
    const config = parse(only(objects, 'ConfigMap', 'prometheus-config').data['prometheus.yml']);
    expect(config.remote_write[0]).toMatchObject({
      url: 'http://receive-router.monitoring.svc.cluster.local:19291/api/v1/receive',
      headers: { 'THANOS-TENANT': 'app-001' },
    });
    expect(only(objects, 'Service', 'prometheus-0-grpc').spec.type).toBe('LoadBalancer');
    expect(only(objects, 'Service', 'prometheus-1-grpc').spec.type).toBe('LoadBalancer');
    expect(only(objects, 'StatefulSet', 'prometheus').spec.template.spec.containers[1].args).toEqual(
      expect.arrayContaining([
        '--grpc-server-tls-cert=/etc/thanos/grpc-tls/tls.crt',
        '--grpc-server-tls-key=/etc/thanos/grpc-tls/tls.key',
        '--grpc-server-tls-client-ca=/etc/thanos/grpc-tls/ca.crt',
      ]),
    );
    expect(prometheus.externalGrpcEndpoints).toEqual([
      'sidecar-0.app-001.example.com:10901',
      'sidecar-1.app-001.example.com:10901',
    ]);
  });

  test('errors: missing external labels, duplicates across the app, the replica label set by hand', () => {
    const { app, chart } = fixture();
    expectConstructError(
      () => new PrometheusWithSidecar(chart, 'a', { externalLabels: { cluster: 'x' } }),
      "PrometheusWithSidecar 'test/a': 'externalLabels' lacks 'region', which identify this Prometheus's blocks and series in the fleet (got {\"cluster\":\"x\"}); set e.g. { cluster: 'app-001', region: 'a' }",
      ErrorCode.INVALID_VALUE,
    );
    new PrometheusWithSidecar(chart, 'b', base);
    const other = fixture(app, 'other');
    const e = thrown(() => new PrometheusWithSidecar(other.chart, 'b', base));
    expect(e.code).toBe(ErrorCode.INVALID_VALUE);
    expect(e.message).toBe(
      'PrometheusWithSidecar \'other/b\': \'externalLabels\' equal those of \'test/b\': the querier could not tell the two clusters\' series apart and would merge them (got {"cluster":"app-001","region":"a"}); give every cluster\'s Prometheus its own cluster label',
    );
    expectErrorCode(
      () =>
        new PrometheusWithSidecar(chart, 'c', {
          externalLabels: { cluster: 'c', region: 'a', prometheus_replica: '0' },
        }),
      ErrorCode.INCOMPATIBLE_PROPS,
      'externalLabels',
      "'externalLabels' sets the replica label 'prometheus_replica', which the construct sets to each pod's name",
    );
    expectErrorCode(
      () =>
        new PrometheusWithSidecar(chart, 'd', {
          ...base,
          externalLabels: { cluster: 'd', region: 'a' },
          sidecarExtraFlags: { 'store.sd-files': ['x'] },
        }),
      ErrorCode.INVALID_VALUE,
      'sidecarExtraFlags.store.sd-files',
      "'sidecarExtraFlags.store.sd-files' is not a flag of thanos sidecar v0.42.4",
    );
  });
});

describeWithPromtool('PrometheusWithSidecar files', () => {
  test('promtool accepts the prometheus.yml and the rule file of the ConfigMap', () => {
    const { chart } = fixture();
    new PrometheusWithSidecar(chart, 'prometheus', {
      ...base,
      federation: [{ jobName: 'federate', targets: ['prom-a:9090'], match: ['{__name__=~"cluster:.*"}'] }],
      remoteWrite: {
        target: { remoteWriteUrl: 'http://r:19291/api/v1/receive', tenantHeader: 'THANOS-TENANT' },
      },
    });
    const data = only(synth(chart), 'ConfigMap').data;
    const { yaml } = withoutKubernetesSd(data['prometheus.yml']);
    const out = promtool(['check', 'config', '{dir}/prometheus.yml'], {
      'prometheus.yml': yaml.split('/etc/prometheus/rules').join('{dir}/rules'),
      'rules/rules.yaml': data['rules.yaml'],
    });
    expect(out).toMatch(/SUCCESS: 1 rules found/);
  });
});
