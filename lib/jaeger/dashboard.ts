import { Dashboard, DashboardPanel } from '../grafana';
import { ELASTICSEARCH_METRICS as E } from '../elasticsearch/alerts';
import { JAEGER_METRICS as J, JaegerAlertTargets } from './alerts';

const RATE = '[$__rate_interval]';

/** Inputs of {@link jaegerPipelineDashboard}: the roles (as for the alerts) and where the data source is. */
export interface JaegerDashboardOptions {
  readonly name: string;
  readonly targets: JaegerAlertTargets;
  readonly datasourceUid: string;
  /** An ElasticsearchExporter's scrape job, for the engine-side write rate and rejections. @default Jaeger's side only */
  readonly elasticsearch?: { readonly namespace: string; readonly job: string };
}

/**
 * The Jaeger pipeline dashboard: spans in (accepted, refused) and out (sent, failed, dropped) per role, the exporter
 * queues, the ingesters' Kafka lag, and the storage write rate and errors as Jaeger's bulk indexer counts them (plus
 * the engine's indexing rate and write rejections when an Elasticsearch exporter is named).
 */
export function jaegerPipelineDashboard(o: JaegerDashboardOptions): Dashboard {
  const t = o.targets;
  const sel = (services: readonly string[], extra = '') =>
    `{namespace="${t.namespace}",service=~"${services.join('|')}"${extra}}`;
  const writers = [...new Set([...t.receivers, ...t.storageWriters, ...t.kafkaWriters])];
  const rows: Dashboard['rows'][number][] = [
    {
      title: 'Spans in',
      panels: [
        {
          title: 'Accepted spans/s',
          targets: [
            {
              expr: `sum by (service) (rate(${J.receiverAcceptedSpans}${sel(t.receivers)}${RATE}))`,
              legendFormat: '{{service}}',
            },
          ],
        },
        {
          title: 'Refused and failed spans/s',
          targets: [
            {
              expr: `sum by (service) (rate(${J.receiverRefusedSpans}${sel(t.receivers)}${RATE}))`,
              legendFormat: '{{service}} refused',
            },
            {
              expr: `sum by (service) (rate(${J.receiverFailedSpans}${sel(t.receivers)}${RATE}))`,
              legendFormat: '{{service}} failed',
            },
          ],
        },
      ],
    },
    {
      title: 'Spans out',
      panels: [
        {
          title: 'Sent spans/s by exporter',
          targets: [
            {
              expr: `sum by (service, exporter) (rate(${J.exporterSentSpans}${sel(writers)}${RATE}))`,
              legendFormat: '{{service}} {{exporter}}',
            },
          ],
        },
        {
          title: 'Failed and dropped spans/s',
          targets: [
            {
              expr: `sum by (service, exporter) (rate(${J.exporterSendFailedSpans}${sel(writers)}${RATE}))`,
              legendFormat: '{{service}} {{exporter}} failed',
            },
            {
              expr: `sum by (service, exporter) (rate(${J.exporterEnqueueFailedSpans}${sel(writers)}${RATE}))`,
              legendFormat: '{{service}} {{exporter}} dropped',
            },
          ],
        },
        {
          title: 'Exporter queue fill',
          unit: 'percentunit',
          targets: [
            {
              expr: `max by (service, exporter) (${J.exporterQueueSize}${sel(writers)}) / max by (service, exporter) (${J.exporterQueueCapacity}${sel(writers)})`,
              legendFormat: '{{service}} {{exporter}}',
            },
          ],
        },
      ],
    },
  ];
  if (t.consumers) {
    rows.push({
      title: 'Kafka',
      panels: [
        {
          title: 'Ingester lag (messages)',
          targets: [
            {
              expr: `sum by (service, topic) (${J.kafkaReceiverOffsetLag}${sel(t.consumers.services)})`,
              legendFormat: '{{topic}}',
            },
          ],
        },
      ],
    });
  }
  if (t.storageWriters.length > 0) {
    const storage: DashboardPanel[] = [
      {
        title: 'Documents written/s (bulk indexer)',
        targets: [
          {
            expr: `sum by (service) (rate(${J.bulkIndexInserts}${sel(t.storageWriters)}${RATE}))`,
            legendFormat: '{{service}}',
          },
        ],
      },
      {
        title: 'Documents rejected/s (bulk indexer)',
        targets: [
          {
            expr: `sum by (service) (rate(${J.bulkIndexErrors}${sel(t.storageWriters)}${RATE}))`,
            legendFormat: '{{service}}',
          },
        ],
      },
    ];
    if (o.elasticsearch) {
      const es = `{namespace="${o.elasticsearch.namespace}",job="${o.elasticsearch.job}"`;
      storage.push(
        {
          title: 'Elasticsearch indexing/s',
          targets: [
            { expr: `sum by (name) (rate(${E.indexingTotal}${es}}${RATE}))`, legendFormat: '{{name}}' },
          ],
        },
        {
          title: 'Elasticsearch write rejections/s',
          targets: [
            {
              expr: `sum by (name) (rate(${E.threadPoolRejected}${es},type="write"}${RATE}))`,
              legendFormat: '{{name}}',
            },
          ],
        },
      );
    }
    rows.push({ title: 'Storage writes', panels: storage });
  }
  return {
    uid: `jaeger-${t.namespace}-${o.name}`.slice(0, 40),
    title: `Jaeger pipeline ${t.namespace}/${o.name}`,
    datasourceUid: o.datasourceUid,
    folder: 'Tracing',
    tags: ['jaeger', 'tracing'],
    rows,
  };
}
