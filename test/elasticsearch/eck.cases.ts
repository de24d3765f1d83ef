import { expectErrorCode } from '../support/error-code';
import { ErrorCode } from '../../lib/core';
import { EckElasticsearch } from '../../lib';
import { expectConstructError } from '../support/errors';
import { only, synth, testChart } from '../support/manifests';

describe('EckElasticsearch', () => {
  test('three nodes on persistent volumes, no mmap, spread over zones; connection from ECK conventions', () => {
    const chart = testChart('search');
    const es = new EckElasticsearch(chart, 'traces', { storageClassName: 'ssd' });
    const cr = only(synth(chart), 'Elasticsearch');
    expect(cr.apiVersion).toBe('elasticsearch.k8s.elastic.co/v1');
    const set = cr.spec.nodeSets[0];
    expect(set.count).toBe(3);
    expect(set.config).toEqual({ 'node.store.allow_mmap': false });
    expect(set.resources).toEqual({
      requests: { cpu: '1', memory: '4Gi' },
      limits: { cpu: '2', memory: '4Gi' },
    });
    expect(set.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '100Gi' } },
      storageClassName: 'ssd',
    });
    expect(es.connection).toEqual({
      engine: 'elasticsearch',
      serverUrls: ['https://traces-es-http.search.svc:9200'],
      auth: {
        kind: 'basic',
        username: 'elastic',
        password: { name: 'traces-es-elastic-user', key: 'elastic' },
      },
      ca: { name: 'traces-es-http-certs-public', key: 'ca.crt' },
      majorVersion: 8,
      inCluster: {
        namespace: 'search',
        podSelector: { 'elasticsearch.k8s.elastic.co/cluster-name': 'traces' },
        port: 9200,
      },
    });
  });

  test('each node: requests and limits on the elasticsearch container, heap at half the memory limit', () => {
    const chart = testChart('search');
    new EckElasticsearch(chart, 'traces');
    new EckElasticsearch(chart, 'big', { resources: { cpu: '8', memory: '64Gi' } });
    const [traces, big] = synth(chart).filter((o) => o.kind === 'Elasticsearch') as any[];
    const container = traces.spec.nodeSets[0].podTemplate.spec.containers[0];
    expect(container.name).toBe('elasticsearch');
    expect(container.resources).toEqual({
      requests: { cpu: '1', memory: '4Gi' },
      limits: { cpu: '2', memory: '4Gi' },
    });
    expect(container.env).toEqual([{ name: 'ES_JAVA_OPTS', value: '-Xms2048m -Xmx2048m' }]);
    // Half of 64Gi is above the compressed-pointer threshold: 31 GiB.
    expect(big.spec.nodeSets[0].podTemplate.spec.containers[0].env[0].value).toBe('-Xms31744m -Xmx31744m');
    expectConstructError(
      () => new EckElasticsearch(testChart('search'), 'tiny', { resources: { cpu: '1', memory: '512Mi' } }),
      "EckElasticsearch 'test/tiny': 'resources.memory' leaves less than 512Mi of heap at half the memory limit (got \"512Mi\"); give each node at least 1Gi; 4Gi is the default",
      ErrorCode.INVALID_VALUE,
    );
  });

  test('version and node count are checked', () => {
    expectConstructError(
      () => new EckElasticsearch(testChart(), 'es', { version: '8' }),
      "EckElasticsearch 'test/es': 'version' must be an Elasticsearch release 7.x, 8.x or 9.x written in full (got \"8\"); write e.g. '8.19.23'",
      ErrorCode.INVALID_VALUE,
    );
    expectConstructError(
      () => new EckElasticsearch(testChart(), 'es', { nodes: 0 }),
      "EckElasticsearch 'test/es': 'nodes' must be a whole number of at least 1 (got 0); use 3 for a cluster that survives the loss of a node",
      ErrorCode.INVALID_VALUE,
    );
    expectErrorCode(
      () => new EckElasticsearch(testChart(), 'es', { name: 'a'.repeat(37) }),
      ErrorCode.INVALID_NAME,
      'name',
      "'name' must be a DNS label of at most 36 characters",
    );
  });
});
