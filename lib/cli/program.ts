import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ObservabilityConstructError } from '../core';
import { DEFAULT_CLUSTERS_PER_REGION, FleetPatternName, PatternRequirements } from '../fleet';
import { DIAGRAM_FORMATS, DiagramFormat, fleetDiagram } from './diagram';
import { OUTPUT_FORMATS, OutputFormat, PlanDocument, renderMarkdown, renderText } from './document';
import { FLEET_PATTERNS, compareFleetPatterns, planFleet } from './fleet-plan';
import { fleetCoverageDocument, fleetCoverageJson, planCoverage } from './fleet-coverage';
import {
  fleetComparisonDocument,
  fleetComparisonJson,
  fleetPlanDocument,
  fleetPlanJson,
} from './fleet-report';
import { planTracing } from './tracing-plan';
import { planFleetChange, planMigration } from './fleet-day2';
import {
  fleetChangeDocument,
  migrationPlanDocument,
  migrationPlanJson,
  upgradeOrderDocument,
} from './fleet-day2-report';
import { upgradeOrder } from '../core/upgrade-order';
import { tracingPlanDocument, tracingPlanJson } from './tracing-report';

/** The name of the package's `bin`. */
export const CLI_NAME = 'observability-constructs';

/** Planning synthesizes a chart per application cluster: 5 000 take about 5 s per pattern on one core. */
export const MAX_PLAN_CLUSTERS = 5_000;

/** Exit code of a plan that was written. */
export const EXIT_OK = 0;
/** Exit code of a failure to write `--out`. */
export const EXIT_IO_ERROR = 1;
/** Exit code of bad arguments: unknown options or values, contradictory options, inputs the model refuses. */
export const EXIT_USAGE = 2;

/** Where the CLI writes; `main.ts` binds it to the process, tests to buffers. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly writeFile: (path: string, text: string) => void;
}

/** The options of `plan` as commander parses them. */
interface PlanOptions {
  readonly clusters?: number;
  readonly clustersPerRegion: number;
  readonly pattern?: FleetPatternName;
  readonly compare?: boolean;
  readonly budget?: number;
  readonly maxQueryHops?: '1' | '2';
  readonly longTermStorage: boolean;
  readonly clusterIsolation?: boolean;
  readonly diagram?: DiagramFormat;
  readonly coverage?: boolean;
  readonly tracesPerSecond?: number;
  // Capacity model inputs (fleet): each undefined unless given, so the plan can mark defaults.
  readonly seriesPerCluster?: number;
  readonly scrapeInterval?: number;
  readonly retentionDays?: number;
  readonly concurrentQueries?: number;
  readonly churn?: number;
  // Capacity model inputs (tracing).
  readonly spansPerTrace?: number;
  readonly bytesPerSpan?: number;
  readonly peakFactor?: number;
  readonly spanRetentionDays?: number;
  readonly outageWindowHours?: number;
  readonly ingesterSpansPerSecond?: number;
  readonly format: OutputFormat;
  readonly out?: string;
  readonly migrateFrom?: string;
  readonly diffFrom?: number;
  readonly sizedFor?: number;
  readonly fromClustersPerRegion?: number;
  readonly remove?: string;
  readonly upgrade?: boolean;
}

/** A parser for a whole number in [min, max]. */
function wholeNumber(min: number, max: number, why = ''): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`It must be a whole number from ${min} to ${max}${why}.`);
    }
    return n;
  };
}

/** A parser for a number of at least 0. */
function nonNegative(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('It must be a number of at least 0.');
  return Number(value);
}

/** A parser for any number; the capacity model refuses the ones it cannot use, with the fix. */
function aNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('It must be a number.');
  return n;
}

const FLEET = 'Fleet of application clusters (the reference design):';
const LOAD = "Load of the fleet (capacity model; defaults are the reference design's):";
const RECOMMEND = 'What the recommendation weighs (the reference decision matrix):';
const TRACING = 'Jaeger installation (the reference design):';
const OUTPUT = 'Output:';
const DAY2 = 'Day 2 (migrate, onboard, upgrade):';

/** Options that only make sense for a fleet, by attribute name. */
const FLEET_ONLY = [
  'clustersPerRegion',
  'pattern',
  'compare',
  'budget',
  'maxQueryHops',
  'longTermStorage',
  'clusterIsolation',
  'diagram',
  'coverage',
  'seriesPerCluster',
  'scrapeInterval',
  'retentionDays',
  'concurrentQueries',
  'churn',
  'migrateFrom',
  'diffFrom',
  'sizedFor',
  'fromClustersPerRegion',
  'remove',
] as const;

/** Options that only make sense for a Jaeger installation. */
const TRACING_ONLY = [
  'spansPerTrace',
  'bytesPerSpan',
  'peakFactor',
  'spanRetentionDays',
  'outageWindowHours',
  'ingesterSpansPerSecond',
] as const;

/** `--flag <value>` options of the capacity model, in help order. */
const MODEL_OPTIONS: readonly [string, string, string][] = [
  ['--series-per-cluster <n>', 'active series per cluster (default 1250000)', LOAD],
  ['--scrape-interval <seconds>', 'scrape interval (default 60)', LOAD],
  ['--retention-days <days>', 'days kept in object storage, every resolution (default 90)', LOAD],
  ['--concurrent-queries <n>', 'queries at once at the busiest hour (default 50)', LOAD],
  ['--churn <fraction>', 'share of series replaced per day (default 0.1)', LOAD],
  ['--spans-per-trace <n>', 'spans per trace (default 10)', TRACING],
  ['--bytes-per-span <n>', 'bytes per span (default 500)', TRACING],
  ['--peak-factor <x>', 'peak ÷ average traffic (default 1)', TRACING],
  ['--span-retention-days <days>', 'days spans are kept (default 30)', TRACING],
  ['--outage-window-hours <h>', 'how long storage may be down while Kafka buffers (default 6)', TRACING],
  ['--ingester-spans-per-second <n>', 'spans/s one ingester writes (default 5000)', TRACING],
];

function planCommand(io: CliIo): Command {
  const command = basePlanCommand(io);
  for (const [flags, text, group] of MODEL_OPTIONS) {
    const option = new Option(flags, text).argParser(aNumber).helpGroup(group);
    command.addOption(group === TRACING ? option.conflicts(['clusters', ...FLEET_ONLY]) : option);
  }
  return command;
}

function basePlanCommand(io: CliIo): Command {
  return new Command('plan')
    .summary('capacity report, pattern recommendation and topology diagram')
    .description(
      'Plan a fleet of application clusters or a Jaeger installation (the reference designs, sized by the capacity model). The pattern is ' +
        'synthesized in memory with the same constructs a cdk8s app uses, and the requests of its workloads are ' +
        'added up; nothing is written to a cluster.',
    )
    .addOption(
      new Option('--clusters <n>', 'number of application clusters')
        .argParser(wholeNumber(1, MAX_PLAN_CLUSTERS))
        .helpGroup(FLEET),
    )
    .addOption(
      new Option('--clusters-per-region <n>', 'clusters one regional query serves')
        .argParser(
          wholeNumber(
            1,
            DEFAULT_CLUSTERS_PER_REGION,
            ': the reference design finds a query degrades past 50 endpoints',
          ),
        )
        .default(DEFAULT_CLUSTERS_PER_REGION)
        .helpGroup(FLEET),
    )
    .addOption(
      new Option('--pattern <name>', 'the pattern to plan (default: the recommended one)')
        .choices(FLEET_PATTERNS)
        .helpGroup(FLEET),
    )
    .addOption(
      new Option('--compare', 'the four patterns side by side')
        .conflicts(['pattern', 'diagram'])
        .helpGroup(FLEET),
    )
    .addOption(
      new Option('--diagram <format>', 'print the topology instead of the report')
        .choices(DIAGRAM_FORMATS)
        .conflicts('format')
        .helpGroup(FLEET),
    )
    .addOption(
      new Option(
        '--coverage',
        'which StoreAPI serves each producer at each age, and which compactor owns each stream (hierarchical, receive, hybrid)',
      )
        .conflicts(['compare', 'diagram'])
        .helpGroup(FLEET),
    )
    .addOption(
      new Option('--migrate-from <pattern>', 'plan the phased migration from this pattern (flat)')
        .conflicts(['compare', 'diagram', 'coverage'])
        .helpGroup(DAY2),
    )
    .addOption(
      new Option('--diff-from <n>', 'which objects change in which target cluster from a fleet of n clusters')
        .argParser(wholeNumber(1, MAX_PLAN_CLUSTERS))
        .conflicts(['compare', 'diagram', 'coverage', 'migrateFrom'])
        .helpGroup(DAY2),
    )
    .addOption(
      new Option('--from-clusters-per-region <n>', 'with --diff-from: the region size of the fleet today')
        .argParser(wholeNumber(1, MAX_PLAN_CLUSTERS))
        .helpGroup(DAY2),
    )
    .addOption(
      new Option('--sized-for <n>', 'size every role for a fleet of n clusters (sizedForClusters)')
        .argParser(wholeNumber(1, MAX_PLAN_CLUSTERS))
        .helpGroup(DAY2),
    )
    .addOption(
      new Option(
        '--remove <clusters>',
        'with --diff-from: the comma-separated clusters a smaller fleet drops',
      ).helpGroup(DAY2),
    )
    .addOption(
      new Option('--upgrade', 'the safe rollout order of the pinned components after a version bump')
        .conflicts(['compare', 'diagram', 'coverage', 'migrateFrom', 'diffFrom'])
        .helpGroup(DAY2),
    )
    .addOption(
      new Option('--budget <usd>', 'monthly budget in USD').argParser(nonNegative).helpGroup(RECOMMEND),
    )
    .addOption(
      new Option('--max-query-hops <n>', 'most query hops acceptable')
        .choices(['1', '2'])
        .helpGroup(RECOMMEND),
    )
    .addOption(
      new Option('--no-long-term-storage', 'short retention is enough: no object storage needed').helpGroup(
        RECOMMEND,
      ),
    )
    .addOption(
      new Option(
        '--cluster-isolation',
        'every application cluster must keep working when the centre is down',
      ).helpGroup(RECOMMEND),
    )
    .addOption(
      new Option('--traces-per-second <n>', 'peak traces per second')
        .argParser(nonNegative)
        .conflicts(['clusters', ...FLEET_ONLY])
        .helpGroup(TRACING),
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(OUTPUT_FORMATS)
        .default('table')
        .helpGroup(OUTPUT),
    )
    .addOption(
      new Option('--out <file>', 'write the output to this file instead of stdout').helpGroup(OUTPUT),
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        `  $ ${CLI_NAME} plan --pattern hierarchical --clusters 200`,
        `  $ ${CLI_NAME} plan --compare --clusters 200 --format markdown`,
        `  $ ${CLI_NAME} plan --clusters 200 --budget 1600 --no-long-term-storage --format json`,
        `  $ ${CLI_NAME} plan --pattern hybrid --clusters 200 --diagram mermaid --out fleet.mmd`,
        `  $ ${CLI_NAME} plan --pattern hierarchical --clusters 200 --coverage`,
        `  $ ${CLI_NAME} plan --pattern hierarchical --clusters 200 --migrate-from flat`,
        `  $ ${CLI_NAME} plan --pattern hierarchical --clusters 199 --diff-from 198 --sized-for 250`,
        `  $ ${CLI_NAME} plan --upgrade`,
        `  $ ${CLI_NAME} plan --traces-per-second 12000`,
        `  $ ${CLI_NAME} plan --pattern hierarchical --clusters 1000 --series-per-cluster 500000`,
        '',
        'Exit codes: 0 the plan was written, 1 --out could not be written, 2 bad arguments.',
      ].join('\n'),
    )
    .action((options: PlanOptions, command: Command) => plan(options, command, io));
}

function render(doc: PlanDocument, json: unknown, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(json, null, 2)}\n`;
  return format === 'markdown' ? renderMarkdown(doc) : renderText(doc);
}

function requirementsOf(options: PlanOptions): Omit<PatternRequirements, 'clusters'> {
  return {
    longTermStorage: options.longTermStorage,
    budgetUsdPerMonth: options.budget,
    maxQueryHops: options.maxQueryHops === undefined ? undefined : (Number(options.maxQueryHops) as 1 | 2),
    clusterIsolation: options.clusterIsolation,
  };
}

/** The text `plan` prints for its options. */
function planOutput(options: PlanOptions, command: Command): string {
  if (options.tracesPerSecond !== undefined) {
    const tracing = planTracing(options.tracesPerSecond, {
      spansPerTrace: options.spansPerTrace,
      bytesPerSpan: options.bytesPerSpan,
      peakFactor: options.peakFactor,
      retentionDays: options.spanRetentionDays,
      outageWindowHours: options.outageWindowHours,
      ingesterSpansPerSecond: options.ingesterSpansPerSecond,
    });
    return render(tracingPlanDocument(tracing), tracingPlanJson(tracing), options.format);
  }
  if (options.upgrade) {
    const order = upgradeOrder();
    return render(upgradeOrderDocument(order), { steps: order }, options.format);
  }
  const clusters = options.clusters;
  if (clusters === undefined) {
    const tracingOnly = TRACING_ONLY.find((key) => command.getOptionValueSource(key) === 'cli');
    if (tracingOnly !== undefined) {
      const flags = command.options.find((o) => o.attributeName() === tracingOnly)?.flags;
      command.error(`error: option '${flags}' needs --traces-per-second <n>`, {
        exitCode: EXIT_USAGE,
        code: 'plan.missingMode',
      });
    }
    const given = FLEET_ONLY.find((key) => command.getOptionValueSource(key) === 'cli');
    const option = command.options.find((o) => o.attributeName() === given);
    command.error(
      option === undefined
        ? 'error: plan needs --clusters <n> (a fleet of application clusters) or --traces-per-second <n> (a Jaeger installation)'
        : `error: option '${option.flags}' needs --clusters <n>`,
      { exitCode: EXIT_USAGE, code: 'plan.missingMode' },
    );
  }
  const request = {
    clusters,
    clustersPerRegion: options.clustersPerRegion,
    requirements: requirementsOf(options),
    load: {
      activeSeriesPerCluster: options.seriesPerCluster,
      scrapeIntervalSeconds: options.scrapeInterval,
      retentionDays:
        options.retentionDays === undefined
          ? undefined
          : {
              raw: options.retentionDays,
              fiveMinutes: options.retentionDays,
              oneHour: options.retentionDays,
            },
      concurrentQueries: options.concurrentQueries,
      churnPerDay: options.churn,
    },
  };
  if (options.migrateFrom !== undefined) {
    const migration = planMigration({
      clusters,
      clustersPerRegion: options.clustersPerRegion,
      from: options.migrateFrom,
      to: options.pattern,
    });
    return render(migrationPlanDocument(migration), migrationPlanJson(migration), options.format);
  }
  if (options.diffFrom !== undefined) {
    const change = planFleetChange({
      pattern: options.pattern ?? 'hierarchical',
      from: options.diffFrom,
      to: clusters,
      clustersPerRegion: options.clustersPerRegion,
      fromClustersPerRegion: options.fromClustersPerRegion,
      sizedForClusters: options.sizedFor,
      removing: options.remove?.split(',').filter((c) => c !== ''),
    });
    return render(fleetChangeDocument(change), change, options.format);
  }
  if (options.compare) {
    const comparison = compareFleetPatterns(request);
    return render(fleetComparisonDocument(comparison), fleetComparisonJson(comparison), options.format);
  }
  if (options.coverage) {
    const coverage = planCoverage({ ...request, pattern: options.pattern });
    return render(fleetCoverageDocument(coverage), fleetCoverageJson(coverage), options.format);
  }
  const fleetPlan = planFleet({ ...request, pattern: options.pattern });
  if (options.diagram !== undefined) return fleetDiagram(fleetPlan.fleet, fleetPlan.report);
  return render(fleetPlanDocument(fleetPlan), fleetPlanJson(fleetPlan), options.format);
}

function plan(options: PlanOptions, command: Command, io: CliIo): void {
  let text: string;
  try {
    text = planOutput(options, command);
  } catch (e) {
    // Inputs the model refuses (e.g. requirements that rule out every pattern) are bad arguments too.
    if (e instanceof ObservabilityConstructError) {
      command.error(`error: ${e.message}`, { exitCode: EXIT_USAGE, code: 'plan.invalidInput' });
    }
    throw e;
  }
  if (options.out === undefined) {
    io.stdout(text);
    return;
  }
  try {
    io.writeFile(options.out, text);
  } catch (e) {
    // Not a usage error: no hint to read --help.
    const message = `error: cannot write '${options.out}': ${(e as Error).message}`;
    io.stderr(`${message}\n`);
    throw new CommanderError(EXIT_IO_ERROR, 'plan.out', message);
  }
  io.stdout(`wrote ${options.out}\n`);
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and returns the exit code: 0, 1 when `--out`
 * cannot be written, 2 for bad arguments. Help goes to stdout, errors to stderr.
 */
export function runCli(argv: readonly string[], io: CliIo, version?: string): number {
  const program = new Command(CLI_NAME)
    .description('Plan observability on Kubernetes with the constructs of observability-constructs.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)');
  if (version !== undefined) program.version(version);
  // addCommand, unlike command(), does not inherit the output and exit settings: copy them.
  program.addCommand(planCommand(io).copyInheritedSettings(program));
  try {
    program.parse([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.exitCode === EXIT_OK) return EXIT_OK;
    return e.exitCode === EXIT_IO_ERROR && e.code === 'plan.out' ? EXIT_IO_ERROR : EXIT_USAGE;
  }
}
