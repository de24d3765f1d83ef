/**
 * The Pulumi bridge: any cdk8s construct tree (a Chart, or an App with one chart per target cluster) as
 * `@pulumi/kubernetes` resources. Import it only where Pulumi is installed.
 *
 * @module observability-constructs/pulumi
 */
export * from './cdk8s-deployment';
export * from './kinds';
