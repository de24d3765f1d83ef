import { IConstruct } from 'constructs';
import { ErrorCode, ObservabilityConstructError, contextOf } from '../../core';

/** The four phases of the reference design's migration from the flat fleet to the hierarchical pattern. */
export type MigrationPhase = 1 | 2 | 3 | 4;
/** Every phase, in order. */
export const MIGRATION_PHASES: readonly MigrationPhase[] = [1, 2, 3, 4];

/** One phase: what it does, how to tell it worked, how to undo it. */
export interface MigrationPhaseSpec {
  readonly phase: MigrationPhase;
  readonly title: string;
  readonly summary: string;
  /** The querier(s) that answer for every cluster in this phase, by name in `monitoring-global`. */
  readonly readPaths: readonly string[];
  /** Where Grafana's data source points. */
  readonly grafanaReads: string;
  readonly rollback: string;
}

/**
 * The phases, as the reference design orders them ("zero downtime, blue-green switch"). Each is applied with every
 * target cluster's chart of that phase; nothing the flat fleet runs is deleted before phase 4, whose rollback is the
 * phase 3 charts (the flat querier and store come back; a store gateway rebuilds its index headers from the bucket).
 */
export const FLAT_TO_HIERARCHICAL_PHASES: readonly MigrationPhaseSpec[] = [
  {
    phase: 1,
    title: 'build the regional monitoring clusters',
    summary:
      "one chart per region: a regional querier over its region's sidecars and a store for its recent blocks, next to the running flat querier, which still serves Grafana and the ruler",
    readPaths: ['thanos-query-flat'],
    grafanaReads: 'thanos-query-flat',
    rollback: 'delete the regional charts; nothing else changed',
  },
  {
    phase: 2,
    title: 'turn the monitoring cluster into the global one',
    summary:
      'add the global querier (thanos-query) over the regional queriers, the sharded store gateways for blocks older than the recent window, and the ruler; the flat querier and store keep running unchanged',
    readPaths: ['thanos-query-flat', 'thanos-query'],
    grafanaReads: 'thanos-query-flat',
    rollback:
      're-apply the phase 1 charts: the global querier and the store shards go, the flat path never changed',
  },
  {
    phase: 3,
    title: 'move every cluster behind its regional querier',
    summary:
      "the flat querier stops reaching the sidecars directly and reads the regional queriers and the store shards instead (its fan-out drops from every sidecar to the regions); the flat store stays deployed, unlisted, for the rollback; application clusters' charts take the hierarchical pattern's labels",
    readPaths: ['thanos-query-flat', 'thanos-query'],
    grafanaReads: 'thanos-query-flat',
    rollback: 're-apply the phase 2 charts: the flat querier lists the sidecars and its store again',
  },
  {
    phase: 4,
    title: 'switch Grafana and the ruler, retire the flat querier',
    summary:
      "Grafana's data source and the ruler move to the global querier; the flat querier and the flat store are deleted: the end state of the hierarchical pattern",
    readPaths: ['thanos-query'],
    grafanaReads: 'thanos-query',
    rollback:
      're-apply the phase 3 charts: Grafana and the ruler go back to the flat querier, which comes back',
  },
];

/** The phase a `migration` prop names (4, the end state, without one); a typed error for anything else. */
export function migrationPhase(
  scope: IConstruct,
  migration: { readonly from: unknown; readonly phase: unknown } | undefined,
): MigrationPhase {
  if (migration === undefined) return 4;
  const context = contextOf(scope, scope.constructor.name);
  if (migration.from !== 'flat') {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.UNKNOWN_MIGRATION,
      prop: 'migration.from',
      problem: 'names a pattern this pattern cannot migrate from',
      value: migration.from,
      fix: "migrate from the flat fleet: migration: { from: 'flat', phase: 1 }",
    });
  }
  if (!MIGRATION_PHASES.includes(migration.phase as MigrationPhase)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.UNKNOWN_MIGRATION,
      prop: 'migration.phase',
      problem: 'must be one of the migration phases 1, 2, 3 or 4',
      value: migration.phase,
      fix: 'apply the phases in order, 1 to 4; phase 4 is the end state (or drop migration)',
    });
  }
  return migration.phase as MigrationPhase;
}
