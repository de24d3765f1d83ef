import { parse } from 'yaml';
import { EckElasticsearch, JaegerDirect, jaegerSearchRoles } from '../../lib';
import { ErrorCode } from '../../lib/core';
import { expectConstructError } from '../support/errors';
import { Manifest, only, synth, testChart } from '../support/manifests';
import { describeWithShared } from '../support/shared';
import { validateCustomResource } from '../support/validate';

const secrets = { writer: 'jaeger-writer', reader: 'jaeger-reader', lifecycle: 'jaeger-lifecycle' };

function build() {
  const chart = testChart('tracing');
  const es = new EckElasticsearch(chart, 'es', { jaegerUsers: { secrets } });
  new JaegerDirect(chart, 'jaeger', {
    storage: { connection: es.connection, lifecycle: { mode: 'ilm' }, archive: true, dependencies: {} },
  });
  return synth(chart);
}

/** The Secrets a pod template mounts or reads through env. */
function secretsOf(template: any): string[] {
  const fromVolumes = (template.spec.volumes ?? []).flatMap((v: any) =>
    v.projected ? v.projected.sources.map((s: any) => s.secret?.name) : v.secret ? [v.secret.secretName] : [],
  );
  const fromEnv = [...(template.spec.initContainers ?? []), ...template.spec.containers].flatMap((c: any) =>
    (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name),
  );
  return [...new Set([...fromVolumes, ...fromEnv].filter(Boolean))].sort();
}

function templates(objects: readonly Manifest[]): [string, any][] {
  return objects.flatMap((o: any): [string, any][] =>
    o.kind === 'Deployment'
      ? [[o.metadata.name, o.spec.template]]
      : o.kind === 'CronJob'
        ? [[o.metadata.name, o.spec.jobTemplate.spec.template]]
        : o.kind === 'Job'
          ? [[o.metadata.name.replace(/-[0-9a-f]{8}$/, ''), o.spec.template]]
          : [],
  );
}

describe('least-privilege Elasticsearch users for Jaeger through ECK', () => {
  const objects = build();

  test('ECK loads the roles and binds them to the three users', () => {
    const es = only(objects, 'Elasticsearch') as any;
    expect(es.spec.auth).toEqual({
      roles: [{ secretName: 'es-jaeger-roles' }],
      fileRealm: [
        { secretName: 'es-jaeger-users-roles' },
        { secretName: 'jaeger-writer' },
        { secretName: 'jaeger-reader' },
        { secretName: 'jaeger-lifecycle' },
      ],
    });
    const roles = parse((only(objects, 'Secret', 'es-jaeger-roles') as any).stringData['roles.yml']);
    // Jaeger names its indices <index_prefix>-jaeger-span-…, -jaeger-service-…, -jaeger-dependencies-…,
    // -jaeger-sampling-… (jaegertracing/jaeger@v2.20.0 internal/storage/elasticsearch/config/config.go,
    // IndexPrefix.Apply with IndexSeparator "-"); the archive backend's prefix is <indexPrefix>-archive.
    const primary = 'jaeger-jaeger-*';
    const archive = 'jaeger-archive-jaeger-*';
    expect(roles).toEqual({
      jaeger_writer: {
        cluster: ['monitor', 'manage_index_templates'],
        indices: [{ names: [primary], privileges: ['create_index', 'index', 'view_index_metadata'] }],
      },
      jaeger_reader: {
        // The query too: every process that opens the storage puts the index templates at startup when
        // create_mappings is on (jaegertracing/jaeger@v2.20.0 internal/storage/v1/elasticsearch/factory.go, createTemplates).
        cluster: ['monitor', 'manage_index_templates'],
        indices: [
          { names: [primary], privileges: ['read', 'view_index_metadata'] },
          { names: [archive], privileges: ['create_index', 'index', 'read', 'view_index_metadata'] },
        ],
      },
      jaeger_lifecycle: {
        cluster: ['monitor', 'manage_index_templates', 'manage_ilm'],
        indices: [
          {
            names: [primary, archive],
            privileges: ['create_index', 'delete_index', 'index', 'manage', 'read', 'view_index_metadata'],
          },
        ],
      },
    });
    expect((only(objects, 'Secret', 'es-jaeger-users-roles') as any).stringData.users_roles).toBe(
      'jaeger_writer:jaeger-writer\njaeger_reader:jaeger-reader\njaeger_lifecycle:jaeger-lifecycle\n',
    );
  });

  describeWithShared('against the ECK 3.5 CRD', () => {
    test('the Elasticsearch resource with spec.auth validates', () => {
      expect(validateCustomResource(only(objects, 'Elasticsearch'))).toBeUndefined();
    });
  });

  test('no role is a superuser; only the lifecycle role deletes indices or manages ILM', () => {
    const roles = jaegerSearchRoles('jaeger');
    for (const role of Object.values(roles)) {
      expect(role.cluster).not.toContain('all');
      expect(role.cluster).not.toContain('manage');
      for (const i of role.indices) expect(i.privileges).not.toContain('all');
    }
    expect(roles.jaeger_writer?.indices.flatMap((i) => i.privileges)).not.toContain('delete_index');
    expect(roles.jaeger_reader?.indices[0]?.privileges).toEqual(['read', 'view_index_metadata']);
    expect(roles.jaeger_lifecycle?.cluster).toContain('manage_ilm');
  });

  test('each workload uses its own user, never the elastic superuser', () => {
    const uses = Object.fromEntries(
      templates(objects).map(([name, t]) => [
        name,
        secretsOf(t).filter((s) => s !== 'es-es-http-certs-public'),
      ]),
    );
    expect(uses).toEqual({
      'jaeger-collector': ['jaeger-writer'],
      'jaeger-query': ['jaeger-reader'],
      'jaeger-es-ilm-init': ['jaeger-lifecycle'],
      'jaeger-es-archive-cleaner': ['jaeger-lifecycle'],
      'jaeger-es-index-settings': ['jaeger-lifecycle'],
      'jaeger-spark-dependencies': ['jaeger-lifecycle'],
    });
    expect(JSON.stringify(objects)).not.toContain('es-es-elastic-user');
  });

  test('a storage prefix the roles do not cover, and a missing user Secret, are errors', () => {
    const chart = testChart('tracing');
    const es = new EckElasticsearch(chart, 'es', { jaegerUsers: { secrets } });
    expectConstructError(
      () =>
        new JaegerDirect(chart, 'jaeger', { storage: { connection: es.connection, indexPrefix: 'traces' } }),
      "JaegerSearchStorage 'test/jaeger/storage': 'indexPrefix' differs from the prefix 'jaeger' the connection's users have privileges on (got \"traces\"); use indexPrefix 'jaeger', or give the users' roles this prefix (EckElasticsearch jaegerUsers.indexPrefix)",
      ErrorCode.INCOMPATIBLE_PROPS,
    );
    const error = expectConstructError(
      () =>
        new EckElasticsearch(testChart('tracing'), 'es', {
          jaegerUsers: { secrets: { ...secrets, reader: undefined as unknown as string } },
        }),
      "EckElasticsearch 'test/es': 'jaegerUsers.secrets.reader' must name a basic-auth Secret in the cluster namespace (got undefined); create one with keys username and password, e.g. 'es-jaeger-reader', and name it here",
      ErrorCode.INVALID_VALUE,
    );
    expect(error.code).toBe(ErrorCode.INVALID_VALUE);
  });
});
