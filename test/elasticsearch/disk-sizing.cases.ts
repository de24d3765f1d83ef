import { expectErrorCode } from '../support/error-code';
import { App, Chart } from 'cdk8s';
import { EckElasticsearch, ErrorCode, ObservabilityConstructError } from '../../lib';

const LARGE = {
  spansPerSecond: 100_000,
  bytesPerSpan: 500,
  retentionDays: 30,
  indexReplicas: 1,
  minNodes: 5,
};

function es(props: ConstructorParameters<typeof EckElasticsearch>[2]) {
  const chart = new Chart(new App(), 'c', { namespace: 'tracing' });
  const e = new EckElasticsearch(chart, 'es', props);
  const nodeSet = (chart.toJson()[0] as any).spec.nodeSets[0];
  return { e, nodeSet };
}

describe('Elasticsearch disk from the span load (throughput × span size × retention × copies ÷ watermark)', () => {
  test("the large example's 5 × 500Gi cannot hold 30 days of 10 000 traces/s × 10 spans × 500 B: refused with the size", () => {
    let error: unknown;
    try {
      es({ nodes: 5, storageSize: '500Gi', spanLoad: LARGE });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObservabilityConstructError);
    const e = error as ObservabilityConstructError;
    expect(e.code).toBe(ErrorCode.INCOMPATIBLE_PROPS);
    expect(e.message).toContain(
      '4320.0 GB/day × 30 days × 2 copies under the disk watermark needs 283999 GiB',
    );
    expect(e.message).toContain(
      "give each of the 5 nodes at least 56800Gi (or leave nodes and storageSize out to take the model's 139 × 2044Gi)",
    );
  });

  test('without nodes and storageSize the model sizes both, and together they hold the load', () => {
    const { nodeSet } = es({ spanLoad: LARGE });
    const perNode = Number(
      /^(\d+)Gi$/.exec(nodeSet.volumeClaimTemplates[0].spec.resources.requests.storage)?.[1],
    );
    expect(nodeSet.count * perNode * 2 ** 30).toBeGreaterThanOrEqual((4.32e12 * 30 * 2) / 0.85);
    expect(perNode).toBeLessThanOrEqual(2048);
  });

  test('the medium example: 1 000 traces/s for 30 days outgrows 3 × 200Gi', () => {
    expectErrorCode(
      () =>
        es({
          nodes: 3,
          storageSize: '200Gi',
          spanLoad: { spansPerSecond: 10_000, bytesPerSpan: 500, retentionDays: 30, indexReplicas: 1 },
        }),
      ErrorCode.INCOMPATIBLE_PROPS,
      'storageSize',
      /needs 28,?\d+ GiB|needs \d+ GiB/,
    );
  });
});
