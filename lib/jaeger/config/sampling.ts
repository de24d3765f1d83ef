/** One service's sampling strategy. */
export interface ServiceSamplingStrategy {
  /** The service name as the SDK reports it. */
  readonly service: string;
  /** `probabilistic`: `param` is a probability in [0, 1]; `ratelimiting`: `param` is traces per second. */
  readonly type: 'probabilistic' | 'ratelimiting';
  readonly param: number;
}

/** What clients fetch from the remote sampling endpoints. */
export interface SamplingStrategies {
  /**
   * Probability with which services that have no strategy of their own sample a trace.
   * @default DEFAULT_SAMPLING_PROBABILITY
   */
  readonly defaultProbability?: number;
  /** Per-service strategies. @default none */
  readonly services?: readonly ServiceSamplingStrategy[];
}

/** Sample every trace unless told otherwise: the all-in-one is for development and small installations. */
export const DEFAULT_SAMPLING_PROBABILITY = 1;

/** The strategies file in Jaeger's format (`default_strategy`, `service_strategies`), as a JSON string. */
export function renderSamplingStrategies(strategies: SamplingStrategies): string {
  const doc = {
    default_strategy: {
      type: 'probabilistic',
      param: strategies.defaultProbability ?? DEFAULT_SAMPLING_PROBABILITY,
    },
    service_strategies: (strategies.services ?? []).map((s) => ({
      service: s.service,
      type: s.type,
      param: s.param,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
