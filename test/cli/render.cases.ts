import { splitFleet } from '../../lib';
import { fleetDiagram } from '../../lib/cli/diagram';
import { formatFootprint, formatNumber, nameRange, renderMarkdown, renderText } from '../../lib/cli/document';
import { planFleet } from '../../lib/cli/fleet-plan';
import { describeRegions } from '../../lib/cli/fleet-report';

describe('document rendering', () => {
  const doc = [
    { kind: 'heading', text: 'Title' },
    { kind: 'paragraph', text: 'Some text | with a bar.' },
    { kind: 'list', items: ['one', 'two'] },
    {
      kind: 'table',
      head: ['name', 'n'],
      align: ['left', 'right'],
      rows: [
        ['a|b', '1'],
        ['long name', '1,000'],
      ],
    },
    { kind: 'heading', text: 'Second' },
  ] as const;

  test('markdown: headings at level 2 then 3, padded tables, escaped bars in cells', () => {
    expect(renderMarkdown(doc)).toBe(
      [
        '## Title',
        '',
        'Some text | with a bar.',
        '',
        '- one',
        '- two',
        '',
        '| name      |     n |',
        '| --------- | ----: |',
        '| a\\|b      |     1 |',
        '| long name | 1,000 |',
        '',
        '### Second',
        '',
      ].join('\n'),
    );
  });

  test('text: box-drawn tables without colour codes', () => {
    const text = renderText(doc);
    expect(text).toContain(
      '┌───────────┬───────┐\n│ name      │     n │\n├───────────┼───────┤\n│ a|b       │     1 │',
    );
    expect(text).not.toContain(String.fromCharCode(27)); // no ANSI escape codes
    expect(text).toContain('  - one\n  - two');
  });

  test('numbers', () => {
    expect([
      formatNumber(44.5),
      formatNumber(1800),
      formatNumber(0.1 + 0.2),
      formatNumber(1234567.25),
    ]).toEqual(['44.5', '1,800', '0.3', '1,234,567.25']);
    expect([formatFootprint(1, 2), formatFootprint(2.5, 9)]).toEqual(['1 core / 2 GiB', '2.5 cores / 9 GiB']);
    expect([nameRange(['a']), nameRange(['a', 'b']), nameRange(['a', 'b', 'c'])]).toEqual([
      'a',
      'a, b',
      'a … c',
    ]);
  });

  test('regions', () => {
    expect(describeRegions(splitFleet(200))).toBe('4 regions of 50 (region-a … region-d)');
    expect(describeRegions(splitFleet(120))).toBe('3 regions of 50, the last of 20 (region-a … region-c)');
    expect(describeRegions(splitFleet(7))).toBe('1 region of 7 (region-a)');
  });
});

describe('fleetDiagram', () => {
  test('D4: Prometheus servers federating, no bucket', () => {
    const plan = planFleet({ pattern: 'federation', clusters: 3, clustersPerRegion: 2 });
    expect(fleetDiagram(plan.fleet, plan.report)).toBe(
      [
        'graph TB',
        '  %% Prometheus Federation (federation, D4): 3 application clusters in 2 regions',
        '  subgraph monitoring_global["monitoring-global · 2 cores / 8 GiB"]',
        '    monitoring_global_prometheus_server["prometheus/server ×2<br/>2 cores / 8 GiB"]',
        '  end',
        '  subgraph monitoring_region_a["monitoring-region-a · 2 cores / 8 GiB"]',
        '    monitoring_region_a_prometheus_server["prometheus/server ×2<br/>2 cores / 8 GiB"]',
        '  end',
        '  subgraph monitoring_region_b["monitoring-region-b · 2 cores / 8 GiB"]',
        '    monitoring_region_b_prometheus_server["prometheus/server ×2<br/>2 cores / 8 GiB"]',
        '  end',
        '  apps_region_a(["cluster-001, cluster-002<br/>2 clusters × 2 cores / 8 GiB"])',
        '  apps_region_b(["cluster-003<br/>1 cluster × 2 cores / 8 GiB"])',
        '  monitoring_global_prometheus_server -->|federate| monitoring_region_a_prometheus_server',
        '  monitoring_global_prometheus_server -->|federate| monitoring_region_b_prometheus_server',
        '  monitoring_region_a_prometheus_server -->|federate| apps_region_a',
        '  monitoring_region_b_prometheus_server -->|federate| apps_region_b',
        '',
      ].join('\n'),
    );
  });

  test('D3: regional receivers written to by their own clusters, uploading to the bucket', () => {
    const plan = planFleet({ pattern: 'hybrid', clusters: 100 });
    const lines = fleetDiagram(plan.fleet, plan.report).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  apps_region_a -->|remote write| monitoring_region_a_thanos_receive',
        '  apps_region_b -->|remote write| monitoring_region_b_thanos_receive',
        '  monitoring_region_b_thanos_receive -->|upload blocks| objstore',
        '  monitoring_global_thanos_query -->|gRPC| monitoring_region_a_thanos_query',
      ]),
    );
    expect(lines.filter((l) => l.includes('remote write'))).toHaveLength(2);
  });
});

describe('planFleet', () => {
  test("D2 at 200 clusters: the reference design's roles (receive 20 / 40, query 6 / 12, store 5 / 10) plus compactor, Grafana, frontend and caches", () => {
    const { report } = planFleet({ pattern: 'receive', clusters: 200 });
    expect(report.roles.map((r) => [r.role, r.pods, r.cpuCores, r.memoryGiB])).toEqual([
      ['grafana/dashboards', 2, 1, 2],
      // Not in the reference design: 3 memcached caches of 2 × 550m/1280Mi, the query-frontend 2 × 500m/1Gi.
      ['memcached/cache', 6, 3.3, 7.5],
      ['thanos/compact', 1, 1, 2],
      ['thanos/query', 3, 6, 12],
      ['thanos/query-frontend', 2, 1, 2],
      ['thanos/receive', 10, 20, 40],
      ['thanos/store', 5, 5, 10],
    ]);
  });
});
