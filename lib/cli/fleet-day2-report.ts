import { PlanDocument } from './document';
import { UpgradeStep } from '../core/upgrade-order';
import { ChangeGroup, FleetChangePlan, MigrationPlan, StateChange } from './fleet-day2';

function clustersText(clusters: readonly string[]): string {
  return clusters.length > 6
    ? `${clusters.length} target clusters (${clusters.slice(0, 3).join(', ')} … ${clusters[clusters.length - 1]})`
    : clusters.join(', ');
}

function groupRows(groups: readonly ChangeGroup[]): string[][] {
  return groups.flatMap((g) =>
    g.objects.map((o, i) => [
      i === 0 ? clustersText(g.clusters) : '',
      o.change,
      `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`,
      (o.fields ?? []).join(', '),
    ]),
  );
}

function changeBlocks(change: StateChange): PlanDocument {
  return [
    {
      kind: 'paragraph',
      text: `Target clusters that change: ${change.clusters.length === 0 ? 'none' : clustersText(change.clusters)}; objects added ${change.added}, changed ${change.changed}, removed ${change.removed}.`,
    },
    ...(change.groups.length === 0
      ? []
      : [
          {
            kind: 'table' as const,
            head: ['target clusters', 'change', 'object', 'fields'],
            rows: groupRows(change.groups),
          },
        ]),
  ];
}

/** The migration plan as text or Markdown. */
export function migrationPlanDocument(plan: MigrationPlan): PlanDocument {
  return [
    {
      kind: 'heading',
      text: `Migration: flat fleet → hierarchical, ${plan.fleet.clusters.length} clusters in ${plan.fleet.regions.length} regions`,
    },
    ...(plan.warnings.length > 0
      ? [{ kind: 'list' as const, items: plan.warnings.map((w) => `warning: ${w}`) }]
      : []),
    ...plan.phases.flatMap((p): PlanDocument => [
      { kind: 'heading', text: `Phase ${p.phase}: ${p.title}` },
      { kind: 'paragraph', text: p.summary },
      ...changeBlocks(p),
      {
        kind: 'list',
        items: p.verification.map((v) => `verify on ${v.cluster} ${v.querier}: ${v.expect} — ${v.command}`),
      },
      { kind: 'paragraph', text: `Rollback: ${p.rollback}.` },
    ]),
  ];
}

/** The migration plan as JSON: `phases[]`. */
export function migrationPlanJson(plan: MigrationPlan): unknown {
  return {
    from: plan.from,
    to: plan.to,
    clusters: plan.fleet.clusters.length,
    regions: plan.fleet.regions.map((r) => r.name),
    warnings: plan.warnings,
    phases: plan.phases,
  };
}

/** An onboarding or offboarding plan as text or Markdown. */
export function fleetChangeDocument(plan: FleetChangePlan): PlanDocument {
  return [
    {
      kind: 'heading',
      text: `Fleet change: ${plan.pattern}, ${plan.from} → ${plan.to} clusters${plan.sizedForClusters ? ` (sized for ${plan.sizedForClusters})` : ''}`,
    },
    ...changeBlocks(plan.change),
    ...(plan.regionsAdded.length + plan.regionsRemoved.length + plan.clustersMoved.length > 0
      ? [
          {
            kind: 'list' as const,
            items: [
              ...plan.regionsAdded.map((r) => `chart appears: ${r}`),
              ...plan.regionsRemoved.map((r) => `chart disappears: ${r}`),
              ...plan.clustersMoved.map((m) => `cluster moves: ${m.cluster} from ${m.from} to ${m.to}`),
            ],
          },
        ]
      : []),
    ...(plan.notes.length > 0 ? [{ kind: 'list' as const, items: plan.notes.map((n) => `note: ${n}`) }] : []),
    { kind: 'heading', text: 'Steps' },
    { kind: 'list', items: plan.steps.map((s, i) => `step ${i + 1}: ${s}`) },
  ];
}

/** The rollout order after a version bump. */
export function upgradeOrderDocument(steps: readonly UpgradeStep[]): PlanDocument {
  return [
    { kind: 'heading', text: 'Upgrade order: apply one step, wait until it is ready, then the next' },
    {
      kind: 'table',
      head: ['step', 'component', 'roles', 'why', 'source'],
      rows: steps.map((s, i) => [String(i + 1), s.component, s.roles.join(', '), s.why, s.source]),
    },
  ];
}
