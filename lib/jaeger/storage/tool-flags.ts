/**
 * The command lines and environment variables of Jaeger's auxiliary index tools and of the spark-dependencies job,
 * at the pinned versions, as data with the source each entry was read from. The index jobs are written against
 * this table and the tests check every emitted container against it.
 */

/** How a flag takes its value: `bool` flags are written `--name=true`, `value` flags `--name=<value>`. */
export type ToolFlagKind = 'bool' | 'value';

/** One command of a tool: its positional arguments, its flags and where they were read. */
export interface ToolCommandSpec {
  /** `repo@tag path` of every file the facts come from. */
  readonly sources: readonly string[];
  /** The positional arguments, by meaning, in order. */
  readonly positional: readonly string[];
  readonly flags: Readonly<Record<string, ToolFlagKind>>;
}

const JAEGER = 'jaegertracing/jaeger@v2.20.0';

/** `--es.tls.*` client flags (internal/config/tlscfg/flags.go `ClientFlagsConfig.AddFlags` with prefix `es`). */
const ES_TLS_CLIENT: Record<string, ToolFlagKind> = {
  'es.tls.enabled': 'bool',
  'es.tls.ca': 'value',
  'es.tls.cert': 'value',
  'es.tls.key': 'value',
  'es.tls.server-name': 'value',
  'es.tls.skip-host-verify': 'bool',
};

/** Flags both tools register under the same names (cmd/es-rollover/app/flags.go, cmd/es-index-cleaner/app/flags.go). */
const ES_AUTH: Record<string, ToolFlagKind> = {
  'index-prefix': 'value',
  archive: 'bool',
  timeout: 'value',
  'es.username': 'value',
  'es.password': 'value',
  'es.token-file': 'value',
  'es.api-key-file': 'value',
};

/** es-rollover's persistent flags, shared by its three subcommands (cmd/es-rollover/main.go `addPersistentFlags`). */
const ES_ROLLOVER_COMMON: Record<string, ToolFlagKind> = {
  ...ES_AUTH,
  'es.use-ilm': 'bool',
  'es.ilm-policy-name': 'value',
  'skip-dependencies': 'bool',
  'adaptive-sampling': 'bool',
  ...ES_TLS_CLIENT,
};

const ROLLOVER_SOURCES = [
  `${JAEGER} cmd/es-rollover/main.go`,
  `${JAEGER} cmd/es-rollover/app/flags.go`,
  `${JAEGER} internal/config/tlscfg/flags.go`,
];

/** The tools and subcommands the index jobs run, keyed `<tool> <subcommand>`. */
export const JAEGER_INDEX_TOOLS = {
  'es-rollover init': {
    sources: [...ROLLOVER_SOURCES, `${JAEGER} cmd/es-rollover/app/init/flags.go`],
    positional: ['http://HOSTNAME:PORT'],
    flags: {
      ...ES_ROLLOVER_COMMON,
      shards: 'value',
      replicas: 'value',
      'priority-span-template': 'value',
      'priority-service-template': 'value',
      'priority-dependencies-template': 'value',
      'priority-sampling-template': 'value',
    },
  },
  'es-rollover rollover': {
    sources: [...ROLLOVER_SOURCES, `${JAEGER} cmd/es-rollover/app/rollover/flags.go`],
    positional: ['http://HOSTNAME:PORT'],
    flags: { ...ES_ROLLOVER_COMMON, conditions: 'value' },
  },
  'es-rollover lookback': {
    sources: [...ROLLOVER_SOURCES, `${JAEGER} cmd/es-rollover/app/lookback/flags.go`],
    positional: ['http://HOSTNAME:PORT'],
    flags: { ...ES_ROLLOVER_COMMON, unit: 'value', 'unit-count': 'value' },
  },
  'es-index-cleaner': {
    sources: [
      `${JAEGER} cmd/es-index-cleaner/main.go`,
      `${JAEGER} cmd/es-index-cleaner/app/flags.go`,
      `${JAEGER} internal/config/tlscfg/flags.go`,
    ],
    positional: ['NUM_OF_DAYS', 'http://HOSTNAME:PORT'],
    flags: {
      ...ES_AUTH,
      rollover: 'bool',
      'index-date-separator': 'value',
      ...ES_TLS_CLIENT,
    },
  },
} as const satisfies Record<string, ToolCommandSpec>;

export type JaegerIndexTool = keyof typeof JAEGER_INDEX_TOOLS;

/**
 * The tools read every flag from the environment too: viper's AutomaticEnv with `.` and `-` replaced by `_`
 * (jaegertracing/jaeger@v2.20.0 internal/config/config.go `configureViper`), so `--es.password` is `ES_PASSWORD`.
 * Neither tool has a password-file flag, so a basic-auth password reaches them only as a flag or this variable.
 */
export function toolEnvName(flag: string): string {
  return flag.toUpperCase().replace(/[.-]/g, '_');
}

/** The environment variables one tool command reads. */
export function jaegerToolEnv(tool: JaegerIndexTool): readonly string[] {
  return Object.keys(JAEGER_INDEX_TOOLS[tool].flags).map(toolEnvName).sort();
}

/** The spark-dependencies release the image table pins, and the variables each storage variant reads. */
export const SPARK_DEPENDENCIES_VERSION = 'v0.7.2';

const SPARK = `jaegertracing/spark-dependencies@${SPARK_DEPENDENCIES_VERSION}`;

/** The environment of one spark-dependencies variant (all read with `Utils.getEnv` or `System.getenv`). */
export interface SparkEnvSpec {
  readonly sources: readonly string[];
  readonly env: readonly string[];
}

/** Read by the image's entrypoint and by the JVM for every variant. */
const SPARK_RUNTIME_ENV = [
  'JAVA_OPTS',
  'LOG4J_STATUS_LOGGER_LEVEL',
  'SPARK_MASTER',
  'DATE',
  'PEER_SERVICE_TAG',
];
/** Not read by the job: Spark and Hadoop take the user name from these when the UID has no passwd entry. */
const SPARK_USER_ENV = ['SPARK_USER', 'HADOOP_USER_NAME'];

export const SPARK_DEPENDENCIES_ENV = {
  elasticsearch: {
    sources: [
      `${SPARK} jaeger-spark-dependencies-elasticsearch/src/main/java/io/jaegertracing/spark/dependencies/elastic/ElasticsearchDependenciesJob.java`,
      `${SPARK} entrypoint.sh`,
    ],
    env: [
      'ES_NODES',
      'ES_USERNAME',
      'ES_PASSWORD',
      'ES_CLIENT_NODE_ONLY',
      'ES_NODES_WAN_ONLY',
      'ES_INDEX_PREFIX',
      'ES_INDEX_DATE_SEPARATOR',
      'ES_TIME_RANGE',
      'ES_USE_ALIASES',
      ...SPARK_RUNTIME_ENV,
      ...SPARK_USER_ENV,
    ],
  },
  opensearch: {
    sources: [
      `${SPARK} jaeger-spark-dependencies-opensearch/src/main/java/io/jaegertracing/spark/dependencies/opensearch/OpenSearchDependenciesJob.java`,
      `${SPARK} entrypoint.sh`,
    ],
    env: [
      'OS_NODES',
      'OS_USERNAME',
      'OS_PASSWORD',
      'OS_CLIENT_NODE_ONLY',
      'OS_NODES_WAN_ONLY',
      'OS_INDEX_PREFIX',
      'OS_INDEX_DATE_SEPARATOR',
      'OS_TIME_RANGE',
      'OS_USE_ALIASES',
      'OS_SSL_CERT_ALLOW_SELF_SIGNED',
      ...SPARK_RUNTIME_ENV,
      ...SPARK_USER_ENV,
    ],
  },
} as const satisfies Record<'elasticsearch' | 'opensearch', SparkEnvSpec>;
