import { k8s } from 'cdk8s-plus-28';
import {
  ErrorCode,
  ErrorContext,
  ObservabilityConstructError,
  checkGoDuration,
  requireWholeNumber,
} from '../core';
import { SamplingStrategies } from './config/sampling';

/** Settings of the `batch` processor. */
export interface BatchSettings {
  /** Spans per batch that trigger a send. */
  readonly sendBatchSize: number;
  /** Longest wait before a partial batch is sent, a Go duration. */
  readonly timeout: string;
  /** Upper bound of a batch; larger batches are split. */
  readonly sendBatchMaxSize: number;
}

/** Checks batch settings: positive sizes, a max size not below the size, a valid timeout. */
export function checkBatch(batch: BatchSettings, context: ErrorContext): BatchSettings {
  for (const key of ['sendBatchSize', 'sendBatchMaxSize'] as const) {
    requireWholeNumber(
      batch[key],
      1,
      context,
      `batch.${key}`,
      'the reference design uses sendBatchSize 1024 and sendBatchMaxSize 2048',
    );
  }
  if (batch.sendBatchMaxSize < batch.sendBatchSize) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'batch.sendBatchMaxSize',
      problem: `must not be below batch.sendBatchSize ${batch.sendBatchSize}`,
      value: batch.sendBatchMaxSize,
      fix: `raise sendBatchMaxSize to at least ${batch.sendBatchSize} (the reference design uses twice sendBatchSize)`,
    });
  }
  checkGoDuration(batch.timeout, context, 'batch.timeout');
  return batch;
}

/** Checks a UI base path: empty, or starting with '/' and not ending with one. */
export function checkBasePath(value: string, context: ErrorContext): string {
  if (value !== '' && (!value.startsWith('/') || value.endsWith('/') || /\s/.test(value))) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'basePath',
      problem: "must start with '/' and not end with '/'",
      value,
      fix: "write it like '/jaeger', or leave it out to serve the UI at '/'",
    });
  }
  return value;
}

/** Checks sampling strategies: probabilities in [0, 1], non-negative rates, one strategy per service. */
export function checkSampling(sampling: SamplingStrategies, context: ErrorContext): SamplingStrategies {
  const probability = sampling.defaultProbability;
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: 'sampling.defaultProbability',
      problem: 'must be between 0 and 1',
      value: probability,
      fix: 'write a probability, e.g. 0.1 to sample one trace in ten',
    });
  }
  const seen = new Set<string>();
  (sampling.services ?? []).forEach((s, i) => {
    const prop = `sampling.services[${i}]`;
    if (seen.has(s.service)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${prop}.service`,
        problem: 'names a service that already has a strategy',
        value: s.service,
        fix: 'give each service one strategy',
      });
    }
    seen.add(s.service);
    const ok = s.type === 'probabilistic' ? s.param >= 0 && s.param <= 1 : s.param >= 0;
    if (!ok) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${prop}.param`,
        problem:
          s.type === 'probabilistic'
            ? 'must be a probability between 0 and 1'
            : 'must be a non-negative number of traces per second',
        value: s.param,
        fix:
          s.type === 'probabilistic'
            ? 'e.g. 0.5 samples half the traces'
            : 'e.g. 10 samples ten traces per second',
      });
    }
  });
  return sampling;
}

/** No address ranges beyond the pod network reach the OTLP ports unless named. */
export const DEFAULT_OTLP_SOURCE_CIDRS: readonly string[] = [];

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;
const IPV6_CIDR = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*\/(12[0-8]|1[01]\d|\d?\d)$/;

/**
 * OTLP senders outside the pod network, as NetworkPolicy `ipBlock` peers: a pod selector never matches them. SDKs
 * behind a LoadBalancer or NodePort Service arrive from the node (SNAT, `externalTrafficPolicy: Cluster`) or from
 * their own address (`Local`), and hostNetwork agents from their node's address; give those ranges here.
 */
export function otlpSourcePeers(
  cidrs: readonly string[] | undefined,
  context: ErrorContext,
  prop: string,
): k8s.NetworkPolicyPeer[] {
  if (cidrs === undefined) return [];
  if (!Array.isArray(cidrs)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop,
      problem: 'must be a list of CIDR ranges',
      value: cidrs,
      fix: "write e.g. ['10.0.0.0/16'] (the nodes' range, for hostNetwork agents and LoadBalancer/NodePort traffic)",
    });
  }
  return cidrs.map((cidr, i) => {
    if (typeof cidr !== 'string' || !(IPV4_CIDR.test(cidr) || IPV6_CIDR.test(cidr))) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${prop}[${i}]`,
        problem: 'is not a CIDR range',
        value: cidr,
        fix: "write an address and prefix length, e.g. '10.0.0.0/16' or '2001:db8::/64'",
      });
    }
    return { ipBlock: { cidr } };
  });
}
