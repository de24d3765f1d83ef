// #region readme-placement
import { ApiObject, App, JsonPatch } from 'cdk8s';
import { Grafana, JaegerAllInOne, ObservabilityChart, ThanosQuery } from 'observability-constructs';

const app = new App();
const chart = new ObservabilityChart(app, 'ui', { namespace: 'monitoring' });
// One placement shape for every workload: node selection, tolerations, priority, a mirror registry …
const placement = {
  nodeSelector: { 'node-role.example.com/monitoring': 'true' },
  tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'monitoring', effect: 'NoSchedule' }],
  priorityClassName: 'monitoring',
  imageRegistry: 'mirror.example.com', // quay.io/thanos/thanos:v0.42.4 → mirror.example.com/thanos/thanos:v0.42.4
  imagePullSecrets: ['mirror-pull'],
};
const query = new ThanosQuery(chart, 'query', {
  endpoints: [{ address: 'thanos-store.monitoring.svc.cluster.local:10901' }],
  placement,
  // Thanos Query has no login: the Gateway must authenticate users (or say access: 'open').
  exposure: {
    kind: 'httpRoute',
    host: 'thanos.example.com',
    gateway: { name: 'public', namespace: 'gateways', sectionName: 'https' },
    access: 'authenticated-by-proxy',
  },
});
const grafana = new Grafana(chart, 'grafana', {
  adminPassword: { name: 'grafana-admin', key: 'password' },
  dataSources: [{ name: 'Thanos', source: query }],
  placement: { ...placement, podLabels: { team: 'observability' } },
  exposure: { kind: 'ingress', host: 'grafana.example.com', tls: { secretName: 'grafana-tls' } },
});
const jaeger = new JaegerAllInOne(chart, 'jaeger', { placement });

// The escape hatch: every object is a child of its construct; a JSON patch changes any field at synthesis.
jaeger.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/enableServiceLinks', false));
for (const child of grafana.node.findAll()) {
  if (child instanceof ApiObject) child.addJsonPatch(JsonPatch.add('/metadata/labels/cost-center', 'obs'));
}
console.log(`Thanos: ${query.externalUrl}, Grafana: ${grafana.externalUrl}`);
app.synth();
// #endregion readme-placement
