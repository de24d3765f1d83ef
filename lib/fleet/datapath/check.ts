import { ErrorCode, ErrorContext, ObservabilityConstructError } from '../../core';
import { DataPathAnalysis, analyseDataPath } from './analyse';
import { DataPathModel, DataProducer, StoreApiNode } from './model';

/** Fails with the first problem of the analysis: a gap, two store gateways on one block, a stream's compactors. */
export function assertDataPath(model: DataPathModel, context: ErrorContext): DataPathAnalysis {
  const analysis = analyseDataPath(model);
  const first = analysis.problems[0];
  if (first !== undefined) {
    const more = analysis.problems.length - 1;
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INCOMPATIBLE_PROPS,
      prop: 'dataPath',
      problem: `leaves the producer '${first.producer}'${first.age ? ` at age ${first.age}` : ''} wrong: ${first.problem}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`,
      value: first.age ?? first.producer,
      fix: first.fix,
    });
  }
  return analysis;
}

/**
 * The model with a producer added (a ruler or Prometheus you run beside the pattern), its StoreAPI listed by the
 * querier `listedBy` (the top querier by default).
 */
export function withProducer(
  model: DataPathModel,
  added: { readonly producer: DataProducer; readonly storeApi: StoreApiNode },
  listedBy = model.topQuerier,
): DataPathModel {
  return {
    ...model,
    producers: [...model.producers, added.producer],
    storeApis: [
      ...model.storeApis.map((n) =>
        n.id === listedBy ? { ...n, endpoints: [...(n.endpoints ?? []), added.storeApi.addresses[0]!] } : n,
      ),
      added.storeApi,
    ],
  };
}
