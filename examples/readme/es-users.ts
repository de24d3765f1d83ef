// #region readme-es-users
import { App } from 'cdk8s';
import { EckElasticsearch, JaegerDirect, ObservabilityChart } from 'observability-constructs';

const app = new App();
const chart = new ObservabilityChart(app, 'jaeger-es-users', { namespace: 'tracing' });
// Three basic-auth Secrets you create (username, password); the library writes the roles and the role mapping.
const es = new EckElasticsearch(chart, 'traces-es', {
  jaegerUsers: {
    secrets: { writer: 'jaeger-writer', reader: 'jaeger-reader', lifecycle: 'jaeger-lifecycle' },
  },
});
// The collectors write as jaeger-writer, the query reads as jaeger-reader, every index job runs as jaeger-lifecycle.
new JaegerDirect(chart, 'jaeger', { profile: 'medium', storage: { connection: es.connection } });
app.synth();
// #endregion readme-es-users
