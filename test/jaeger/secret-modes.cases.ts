import { exampleManifests } from '../support/manifests';

/** Every Secret-backed volume of a pod template, with its file mode. */
function secretVolumes(objects: readonly any[]): [string, string, number | undefined][] {
  return objects.flatMap((o) => {
    const spec = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec?.template?.spec;
    return (spec?.volumes ?? []).flatMap((v: any): [string, string, number | undefined][] =>
      v.secret
        ? [[o.metadata.name, v.name, v.secret.defaultMode]]
        : v.projected?.sources.some((s: any) => s.secret)
          ? [[o.metadata.name, v.name, v.projected.defaultMode]]
          : [],
    );
  });
}

describe('Secret volumes of the Jaeger and Elasticsearch examples are 0440 or tighter', () => {
  const charts = [...exampleManifests().entries()].filter(
    ([id]) => id.startsWith('jaeger') && !id.startsWith('jaeger-all-in-one'),
  );
  test.each(charts)('%s', (_id, objects) => {
    const volumes = secretVolumes(objects);
    expect(volumes.length).toBeGreaterThan(0);
    for (const [owner, name, mode] of volumes) {
      expect([owner, name, mode !== undefined && (mode & ~0o440) === 0]).toEqual([owner, name, true]);
    }
  });
});
