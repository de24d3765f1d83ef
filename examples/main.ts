// Entry point of `cdk8s synth` (see cdk8s.yaml) and `npm run synth`: writes every example chart to dist/
// (or to the directory the cdk8s CLI asks for) and prints the files it wrote.
import { synthesizeApp } from 'observability-constructs';
import { buildExamplesApp } from './registry';

// synthesizeApp writes what app.synth() writes, in linear time: app.synth() renders every chart through
// chart.toJson(), which revalidates the whole app each time, and the fleet examples have hundreds of charts.
for (const file of synthesizeApp(buildExamplesApp())) console.log(file);
