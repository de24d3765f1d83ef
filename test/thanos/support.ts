import { App, Chart, Testing } from 'cdk8s';
import { ThanosObjectStorage } from '../../lib/thanos';

/** A chart in namespace `monitoring` of a fresh app, and an S3 bucket with credentials from a Secret. */
export function fixture(app: App = Testing.app(), id = 'test') {
  const chart = new Chart(app, id, { namespace: 'monitoring' });
  const objectStorage = new ThanosObjectStorage(chart, 'objstore', {
    storage: {
      kind: 's3',
      bucket: 'thanos',
      endpoint: 'minio.storage.svc:9000',
      insecure: true,
      credentials: { secretName: 'minio-creds' },
    },
  });
  return { app, chart, objectStorage };
}

/** The args of the first container of a workload object. */
export function args(manifest: any): string[] {
  return manifest.spec.template.spec.containers[0].args;
}

/** Runs and returns the error it throws. */
export function thrown(run: () => unknown): Error & Record<string, any> {
  try {
    run();
  } catch (e) {
    return e as Error & Record<string, any>;
  }
  throw new Error('expected an error');
}
