// The kube-thanos component set for `npm run bench` (timed as a whole process by the caller): the Thanos read path
// (store shards, querier, query-frontend, compactor shards, ruler) and the receive hashring with its store and
// querier, the two Thanos examples, synthesized to a temporary directory. Prints the number of objects.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App } from 'cdk8s';
import { thanosReadPath } from '../examples/thanos-read-path';
import { thanosReceive } from '../examples/thanos-receive';
import { synthesizeApp } from '../lib';

const outdir = mkdtempSync(join(tmpdir(), 'oc-bench-kube-thanos-set-'));
try {
  const app = new App({ outdir });
  thanosReadPath(app);
  thanosReceive(app);
  synthesizeApp(app);
  console.log(JSON.stringify({ objects: app.node.findAll().filter((c) => ApiObject.isApiObject(c)).length }));
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
