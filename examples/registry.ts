import { App, Chart } from 'cdk8s';
import { jaegerAllInOneBadger, jaegerAllInOneMemory } from './jaeger-all-in-one';
import { jaegerDirect, jaegerDirectExternal } from './jaeger-direct';
import { jaegerKafka } from './jaeger-kafka';
import { kafkaDev } from './kafka-dev';
import { kafkaProduction } from './kafka-production';
import { prometheusAppCluster, prometheusFederation } from './prometheus-app-cluster';
import { thanosReadPath } from './thanos-read-path';
import { thanosReceive } from './thanos-receive';

/** Every example chart builder; `npm run synth`, `cdk8s synth` and the tests all synthesize exactly these. */
export const EXAMPLES: readonly ((app: App) => Chart | Chart[])[] = [
  jaegerAllInOneMemory,
  jaegerAllInOneBadger,
  jaegerDirect,
  jaegerDirectExternal,
  jaegerKafka,
  kafkaProduction,
  kafkaDev,
  thanosReadPath,
  thanosReceive,
  prometheusAppCluster,
  prometheusFederation,
];

/** An app holding every example chart. */
export function buildExamplesApp(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  for (const build of EXAMPLES) build(app);
  return app;
}
