import { ErrorCode } from '../../lib/core';
import type { ResourceSpec } from '../../lib/core/resources';
import { PriceTable, monthlyCost, resolvePrices, targetNodes } from '../../lib/capacity/cost';
import { MetricsCapacity, RoleCapacity, TargetCapacity } from '../../lib/capacity/metrics';
import { resolveMetricsLoad } from '../../lib/capacity/metrics-load';
import { expectConstructError } from '../support/errors';

// The cost model on a hand-made capacity, so every line is a hand computation: nodes for the pods' limits (CPU twice
// the request unless cpuLimit is set, memory the request unless memoryLimit is set: the constructs' rule, see
// lib/core/resources.ts), at least minNodesPerCluster; monthly figures over 30.4375 days (365.25 ÷ 12); GB and TB
// decimal.

function role(pods: number, resources: ResourceSpec, cpuCores: number, memoryGiB: number): RoleCapacity {
  return {
    key: 'r',
    role: 'test/role',
    layer: 'global',
    pods,
    resources,
    cpuCores,
    memoryGiB,
    driver: { name: 'fixed', value: 1, perPod: 1, unit: 'fixed', minPods: 1, why: 'test' },
    overridden: [],
  };
}

// 2 pods of 1 core / 2 GiB (limits 2 cores / 2 GiB each) and 3 pods of 500m / 1 GiB with limits 3 cores / 5 GiB:
// 2 × 2 + 3 × 3 = 13 cores and 2 × 2 + 3 × 5 = 19 GiB of limits; 3.5 cores and 7 GiB of requests.
const TARGET: TargetCapacity = {
  name: 'global',
  layer: 'global',
  clusters: 1,
  roles: [
    role(2, { cpu: '1', memory: '2Gi' }, 1, 2),
    role(3, { cpu: '500m', memory: '1Gi', cpuLimit: '3', memoryLimit: '5Gi' }, 0.5, 1),
  ],
  cpuCores: 3.5,
  memoryGiB: 7,
  storageGiB: 100,
};

const PRICES: PriceTable = {
  cpuCoreMonthUsd: 2,
  memoryGiBMonthUsd: 1,
  blockStorageGiBMonthUsd: 0.1,
  objectStorageTBMonthUsd: 5,
  transferGBUsd: 0.01,
  monitoringClusterMonthUsd: 10,
  nodeMonthUsd: 100,
  nodeCpuCores: 4,
  nodeMemoryGiB: 8,
  minNodesPerCluster: 2,
  uploadGBUsd: 0.02,
};

describe('cost model: nodes of one monitoring cluster', () => {
  test("nodes hold every pod's limits: 13 cores on 4-core nodes is 4 nodes", () => {
    // max(2, ⌈13 ÷ 4⌉ = 4, ⌈19 ÷ 8⌉ = 3) = 4; $100 × 4 + $10 + 3.5 × $2 + 7 × $1 + 100 GiB × $0.1 = $434
    expect(targetNodes(TARGET, PRICES)).toEqual({
      name: 'global',
      cpuLimitCores: 13,
      memoryLimitGiB: 19,
      nodes: 4,
      monthlyUsd: 434,
    });
  });

  test('memory can be what needs the nodes, and the minimum can be', () => {
    // ⌈19 GiB ÷ 2 GiB⌉ = 10 nodes
    expect(targetNodes(TARGET, { ...PRICES, nodeMemoryGiB: 2 }).nodes).toBe(10);
    expect(targetNodes(TARGET, { ...PRICES, minNodesPerCluster: 12 }).nodes).toBe(12);
    // the defaults: 8-core / 16 GiB nodes (⌈13 ÷ 8⌉ = 2), $125 a node and $50 a cluster, requests and volumes free
    expect(targetNodes(TARGET)).toMatchObject({ nodes: 2, monthlyUsd: 300 });
  });

  test('the monthly figure is rounded to cents', () => {
    // 100 GiB × $0.033333 = $3.3333: $400 + $10 + $7 + $7 + $3.3333 = $427.3333 → $427.33
    expect(targetNodes(TARGET, { ...PRICES, blockStorageGiBMonthUsd: 0.033333 }).monthlyUsd).toBe(427.33);
  });
});

describe('cost model: the monthly lines', () => {
  const capacity: MetricsCapacity = {
    pattern: 'receive',
    load: resolveMetricsLoad({ clusters: 1 }),
    regions: [1],
    targets: [TARGET],
    totals: { cpuCores: 3.5, memoryGiB: 7, storageGiB: 100, pods: 5 },
    objectStorageBytes: 2.0004e12,
    network: [
      { from: 'a', to: 'b', bytesPerDay: 1e9 },
      { from: 'b', to: 'object storage', bytesPerDay: 2e9 },
      { from: 'c', to: 'd', bytesPerDay: 3e9 },
    ],
  };

  test('every line priced, quantities to 3 decimals, amounts to cents', () => {
    const cost = monthlyCost(capacity, PRICES);
    expect(cost.lines).toEqual([
      { item: 'cpu', quantity: 3.5, unit: 'cores', unitPriceUsd: 2, monthlyUsd: 7 },
      { item: 'memory', quantity: 7, unit: 'GiB', unitPriceUsd: 1, monthlyUsd: 7 },
      { item: 'block storage', quantity: 100, unit: 'GiB', unitPriceUsd: 0.1, monthlyUsd: 10 },
      // 2.0004 TB: quantity 2, $10.002 → $10
      { item: 'object storage', quantity: 2, unit: 'TB', unitPriceUsd: 5, monthlyUsd: 10 },
      // (1 + 3) GB a day between clusters × 30.4375 = 121.75 GB × $0.01 = $1.2175 → $1.22
      { item: 'transfer', quantity: 121.75, unit: 'GB/month', unitPriceUsd: 0.01, monthlyUsd: 1.22 },
      { item: 'monitoring clusters', quantity: 1, unit: 'clusters', unitPriceUsd: 10, monthlyUsd: 10 },
      { item: 'nodes', quantity: 4, unit: 'nodes of 4 cores / 8 GiB', unitPriceUsd: 100, monthlyUsd: 400 },
      // 2 GB a day into the bucket × 30.4375 = 60.875 GB × $0.02 = $1.2175 → $1.22
      { item: 'uploads', quantity: 60.875, unit: 'GB/month', unitPriceUsd: 0.02, monthlyUsd: 1.22 },
    ]);
    // 7 + 7 + 10 + 10 + 1.22 + 10 + 400 + 1.22
    expect(cost.totalUsd).toBe(446.44);
    expect(cost.targets).toEqual([
      { name: 'global', cpuLimitCores: 13, memoryLimitGiB: 19, nodes: 4, monthlyUsd: 434 },
    ]);
  });
});

describe('cost model: prices', () => {
  const PREFIX = "MetricsCapacity 'capacity.prices':";

  test('the defaults are the ones the reference design implies', () => {
    // DEFAULT_PRICES' documentation: $125 nodes of 8 cores / 16 GiB, at least 2, $50 a cluster, $5/TB, $0.012/GB.
    expect(resolvePrices()).toEqual({
      cpuCoreMonthUsd: 0,
      memoryGiBMonthUsd: 0,
      blockStorageGiBMonthUsd: 0,
      objectStorageTBMonthUsd: 5,
      transferGBUsd: 0.012,
      monitoringClusterMonthUsd: 50,
      nodeMonthUsd: 125,
      nodeCpuCores: 8,
      nodeMemoryGiB: 16,
      minNodesPerCluster: 2,
      uploadGBUsd: 0,
    });
    expect(resolvePrices({ nodeMonthUsd: 7 }).nodeMonthUsd).toBe(7);
  });

  test.each([
    [
      'nodeCpuCores',
      0,
      'must be a finite number above 0 (got 0); give the size of the nodes the monitoring clusters run on, e.g. 8',
    ],
    [
      'nodeMemoryGiB',
      0,
      'must be a finite number above 0 (got 0); give the size of the nodes the monitoring clusters run on, e.g. 8',
    ],
    [
      'minNodesPerCluster',
      1.5,
      'must be a whole number of at least 1 (got 1.5); e.g. 2, so an HA pair never shares a node',
    ],
    [
      'cpuCoreMonthUsd',
      -0.01,
      'must be a finite number of at least 0 (got -0.01); give a price in USD, 0 for free',
    ],
    ['uploadGBUsd', -1, 'must be a finite number of at least 0 (got -1); give a price in USD, 0 for free'],
  ])('%s %p is refused', (prop, bad, problem) => {
    expectConstructError(
      () => resolvePrices({ [prop]: bad }),
      `${PREFIX} 'prices.${prop}' ${problem}`,
      ErrorCode.INVALID_VALUE,
    );
  });

  test('every price may be 0 but the node size and the minimum', () => {
    const free = {
      cpuCoreMonthUsd: 0,
      memoryGiBMonthUsd: 0,
      blockStorageGiBMonthUsd: 0,
      objectStorageTBMonthUsd: 0,
      transferGBUsd: 0,
      monitoringClusterMonthUsd: 0,
      nodeMonthUsd: 0,
      uploadGBUsd: 0,
    };
    expect(resolvePrices(free)).toMatchObject(free);
    expectConstructError(
      () => resolvePrices({ minNodesPerCluster: 0 }, { construct: 'Plan', path: 'plan' }),
      "Plan 'plan': 'prices.minNodesPerCluster' must be a whole number of at least 1 (got 0); e.g. 2, so an HA pair never shares a node",
      ErrorCode.INVALID_VALUE,
    );
  });
});
