import { parse } from 'yaml';
import { JaegerAllInOne, JaegerDirect, JaegerDirectProps, SearchConnection, externalSearch } from '../../lib';
import { ErrorCode } from '../../lib/core';
import { unknownKeys } from '../support/jaeger';
import { only, synth, testChart } from '../support/manifests';
import { policyViolations } from '../support/policy';
import { thrown } from '../thanos/support';

const external: SearchConnection = externalSearch({
  engine: 'elasticsearch',
  serverUrls: ['https://es.example.com:9200'],
  auth: { kind: 'basic', username: 'jaeger', password: { name: 'es', key: 'password' } },
  ca: { name: 'es-ca', key: 'ca.crt' },
});

function build(props: Partial<JaegerDirectProps> = {}) {
  const chart = testChart('tracing');
  const jaeger = new JaegerDirect(chart, 'jaeger', { storage: { connection: external }, ...props });
  const objects = synth(chart);
  const config = parse(only(objects, 'ConfigMap', 'jaeger-query-config').data['config.yaml']);
  const pod = only(objects, 'Deployment', 'jaeger-query').spec.template.spec;
  return { jaeger, objects, config, pod };
}

describe('JaegerQuery tls (UI/HTTP API 16686 and gRPC API 16685)', () => {
  test('without tls the query serves plain text as before', () => {
    const { jaeger, config } = build();
    expect(config.extensions.jaeger_query.http).toEqual({ endpoint: '0.0.0.0:16686' });
    expect(config.extensions.jaeger_query.grpc).toEqual({ endpoint: '0.0.0.0:16685' });
    expect(jaeger.query.queryUrl.startsWith('http://')).toBe(true);
  });

  test('tls sets cert_file/key_file on both servers, mounts the Secret 0440, and the URL is https', () => {
    const { jaeger, config, pod, objects } = build({ query: { tls: { secretName: 'jaeger-query-tls' } } });
    const tls = { cert_file: '/etc/jaeger/query-tls/tls.crt', key_file: '/etc/jaeger/query-tls/tls.key' };
    expect(config.extensions.jaeger_query.http).toEqual({ endpoint: '0.0.0.0:16686', tls });
    expect(config.extensions.jaeger_query.grpc).toEqual({ endpoint: '0.0.0.0:16685', tls });
    expect(unknownKeys(config)).toEqual([]);
    const volume = pod.volumes.find((v: { name: string }) => v.name === 'query-tls');
    expect(volume.secret).toEqual({
      secretName: 'jaeger-query-tls',
      defaultMode: 0o440, // owner and group read (288)
      items: [
        { key: 'tls.crt', path: 'tls.crt' },
        { key: 'tls.key', path: 'tls.key' },
      ],
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({
      name: 'query-tls',
      mountPath: '/etc/jaeger/query-tls',
      readOnly: true,
    });
    // The probes hit the healthcheckv2 port, not the TLS ports: they stay plain HTTP.
    expect(pod.containers[0].readinessProbe.httpGet.port).not.toBe('query-http');
    expect(jaeger.query.queryUrl).toBe('https://jaeger-query.tracing.svc.cluster.local:16686');
    expect(policyViolations(objects)).toEqual([]);
  });

  test('an exposure on a TLS query, or a bad Secret name, is refused with a typed error', () => {
    const exposed = thrown(() =>
      build({
        query: {
          tls: { secretName: 'jaeger-query-tls' },
          exposure: {
            kind: 'ingress',
            host: 'jaeger.example.com',
            tls: { secretName: 'public-tls' },
            access: { kind: 'authenticatingProxy' },
          } as never,
        },
      }),
    );
    expect(exposed.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect(exposed.message).toContain("'exposure' cannot be set together with tls");
    const bad = thrown(() => build({ query: { tls: { secretName: 'Bad_Name' } } }));
    expect(bad.code).toBe(ErrorCode.INVALID_NAME);
    expect(bad.message).toContain("'tls.secretName' must name a Secret");
  });
});

describe('JaegerAllInOne tls', () => {
  test('tls on the all-in-one serves 16686 and 16685 over TLS with the Secret mounted 0440', () => {
    const chart = testChart('tracing');
    const jaeger = new JaegerAllInOne(chart, 'jaeger', { tls: { secretName: 'jaeger-tls' } });
    const objects = synth(chart);
    const config = parse(only(objects, 'ConfigMap', 'jaeger-config').data['config.yaml']);
    const tls = { cert_file: '/etc/jaeger/query-tls/tls.crt', key_file: '/etc/jaeger/query-tls/tls.key' };
    expect(config.extensions.jaeger_query.http).toEqual({ endpoint: '0.0.0.0:16686', tls });
    expect(config.extensions.jaeger_query.grpc).toEqual({ endpoint: '0.0.0.0:16685', tls });
    expect(unknownKeys(config)).toEqual([]);
    const pod = only(objects, 'Deployment', 'jaeger').spec.template.spec;
    const volume = pod.volumes.find((v: { name: string }) => v.name === 'query-tls');
    expect(volume.secret.secretName).toBe('jaeger-tls');
    expect(volume.secret.defaultMode).toBe(0o440);
    expect(jaeger.queryUrl).toBe('https://jaeger.tracing.svc.cluster.local:16686');
    expect(jaeger.endpoints.query).toBe(jaeger.queryUrl);
    expect(policyViolations(objects)).toEqual([]);
  });

  test('the all-in-one refuses tls with exposure', () => {
    const e = thrown(() => {
      const chart = testChart('tracing');
      new JaegerAllInOne(chart, 'jaeger', {
        tls: { secretName: 'jaeger-tls' },
        exposure: {
          kind: 'ingress',
          host: 'jaeger.example.com',
          tls: { secretName: 'public-tls' },
          access: { kind: 'authenticatingProxy' },
        } as never,
      });
    });
    expect(e.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect(e.message).toContain("JaegerAllInOne 'test/jaeger': 'exposure' cannot be set together with tls");
  });
});
