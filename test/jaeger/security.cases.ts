import { JaegerAllInOne } from '../../lib/jaeger';
import { only, synth, testChart } from '../support/manifests';

type Obj = Record<string, any>;

describe('Jaeger query NetworkPolicy', () => {
  test('16686/16685 admit Grafana of the namespace, not every pod of the cluster; users widen it', () => {
    const chart = testChart();
    new JaegerAllInOne(chart, 'jaeger', {});
    const policy = only(synth(chart), 'NetworkPolicy') as Obj;
    const query = policy.spec.ingress.find((r: Obj) => r.ports.some((p: Obj) => p.port === 16686));
    expect(query.from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'grafana' } } }]);
    const metrics = policy.spec.ingress.find((r: Obj) => r.ports.some((p: Obj) => p.port === 8888));
    expect(metrics?.from).not.toContainEqual({ namespaceSelector: {} });
  });
});
