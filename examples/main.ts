// Entry point of `cdk8s synth` (see cdk8s.yaml) and `npm run synth`: writes every example chart to dist/
// (or to the directory the cdk8s CLI asks for) and prints the files it wrote.
import { buildExamplesApp } from './registry';

const app = buildExamplesApp();
app.synth();
for (const chart of app.charts) {
  console.log(`${app.outdir}/${chart.node.id}.k8s.yaml`);
}
