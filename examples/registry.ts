import { App } from 'cdk8s';
import { jaegerAllInOneBadger, jaegerAllInOneMemory } from './jaeger-all-in-one';
import { jaegerDirect, jaegerDirectExternal } from './jaeger-direct';
import { jaegerKafka } from './jaeger-kafka';
import { kafkaDev } from './kafka-dev';
import { kafkaProduction } from './kafka-production';
import { prometheusAppCluster, prometheusFederation } from './prometheus-app-cluster';
import { thanosReadPath } from './thanos-read-path';
import { thanosReceive } from './thanos-receive';
import { fleetFederation, fleetFederationSmall } from './fleet-federation';
import { fleetHierarchical, fleetHierarchicalSmall } from './fleet-hierarchical';
import { fleetHybrid, fleetHybridSmall } from './fleet-hybrid';
import { fleetReceive, fleetReceiveSmall } from './fleet-receive';

/** An example: it adds its charts to the app. */
export type ExampleBuilder = (app: App) => unknown;

/**
 * Every example whose manifests are kept as golden files; `npm run synth`, `cdk8s synth` and the tests synthesize
 * these and {@link FLEET_EXAMPLES}.
 */
export const EXAMPLES: readonly ExampleBuilder[] = [
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
  fleetHierarchicalSmall,
  fleetReceiveSmall,
  fleetHybridSmall,
  fleetFederationSmall,
];

/**
 * The fleet patterns at the reference design's scale, 200 application clusters (a chart per cluster): synthesized and
 * validated like the others, but too large to keep as golden files.
 */
export const FLEET_EXAMPLES: readonly ExampleBuilder[] = [
  fleetHierarchical,
  fleetReceive,
  fleetHybrid,
  fleetFederation,
];

/** An app holding the charts of the given examples (every example by default). */
export function buildExamplesApp(
  outdir?: string,
  examples: readonly ExampleBuilder[] = [...EXAMPLES, ...FLEET_EXAMPLES],
): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  for (const build of examples) build(app);
  return app;
}
