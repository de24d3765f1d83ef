import { Testing } from 'cdk8s';
import { IMAGES, imageVersion, mirrorImage, pinImage } from '../../lib/core';
import { ThanosQuery } from '../../lib/thanos';
import { synth } from '../support/manifests';
import { policyViolations } from '../support/policy';
import { fixture } from '../thanos/support';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('digest pinning', () => {
  test('the version label keeps the tag of a tag@digest reference', () => {
    expect(imageVersion(`quay.io/thanos/thanos:v0.42.4@${DIGEST}`)).toBe('v0.42.4');
  });

  test('a digest without a tag gives a label value the API server accepts', () => {
    const version = imageVersion(`localhost:5000/thanos/thanos@${DIGEST}`);
    expect(version).toBe('sha256-0123456789ab');
    expect(version.length).toBeLessThanOrEqual(63);
  });

  test('a registry port is not a tag, and tags longer than a label are cut to 63 characters', () => {
    expect(imageVersion('registry.internal:5000/thanos/thanos')).toBe('latest');
    expect(imageVersion(`repo:${'v'.repeat(100)}`)).toHaveLength(63);
  });

  test('a component pinned by digest synthesizes a valid version label and the pinned image', () => {
    const { chart } = fixture(Testing.app());
    const image = pinImage(IMAGES.thanos, DIGEST);
    new ThanosQuery(chart, 'query', { endpoints: [{ address: 'store:10901' }], image });
    const manifests = synth(chart);
    const deployment = manifests.find((m) => m.kind === 'Deployment') as any;
    expect(deployment.spec.template.spec.containers[0].image).toBe(`quay.io/thanos/thanos:v0.42.4@${DIGEST}`);
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe('v0.42.4');
    expect(policyViolations(manifests)).toEqual([]);
  });

  test('a mirror keeps the repository path, tag and digest', () => {
    expect(mirrorImage(pinImage(IMAGES.thanos, DIGEST), 'mirror.example.com:5000')).toBe(
      `mirror.example.com:5000/thanos/thanos:v0.42.4@${DIGEST}`,
    );
    expect(mirrorImage(IMAGES.grafana, 'mirror.example.com/')).toBe(
      'mirror.example.com/grafana/grafana:12.2.0',
    );
  });

  test('the policy check rejects a label value over 63 characters', () => {
    const { chart } = fixture(Testing.app());
    new ThanosQuery(chart, 'query', {
      endpoints: [{ address: 'store:10901' }],
      image: `quay.io/thanos/thanos@${DIGEST}`,
    });
    const manifests = synth(chart).map((m) =>
      m.kind === 'Deployment'
        ? { ...m, metadata: { ...m.metadata, labels: { ...m.metadata.labels, x: DIGEST } } }
        : m,
    );
    expect(policyViolations(manifests).some((p) => p.includes('label x'))).toBe(true);
  });
});
