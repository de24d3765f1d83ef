import { EckElasticsearch } from '../../lib';
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

  test('version and node count are checked', () => {
    expect(() => new EckElasticsearch(testChart(), 'es', { version: '8' })).toThrow(
      "EckElasticsearch 'test/es': 'version' must be an Elasticsearch release 7.x, 8.x or 9.x written in full (got \"8\"); write e.g. '8.19.23'",
    );
    expect(() => new EckElasticsearch(testChart(), 'es', { nodes: 0 })).toThrow(
      "EckElasticsearch 'test/es': 'nodes' must be a whole number of at least 1 (got 0); use 3 for a cluster that survives the loss of a node",
    );
    expect(() => new EckElasticsearch(testChart(), 'es', { name: 'a'.repeat(37) })).toThrow(
      "'name' must be a DNS label of at most 36 characters",
    );
  });
});
