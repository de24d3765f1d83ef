import { IConstruct } from 'constructs';

/**
 * A construct that exposes network endpoints (URLs or host:port) to its users. The Pulumi bridge exports them as
 * stack outputs; patterns read them instead of copying strings.
 */
export interface IEndpointSource extends IConstruct {
  /** Endpoint name → URL or host:port. Names are stable API. */
  readonly endpoints: Readonly<Record<string, string>>;
}

/** Whether a construct exposes endpoints. */
export function isEndpointSource(construct: IConstruct): construct is IEndpointSource {
  const candidate = (construct as Partial<IEndpointSource>).endpoints;
  return typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate);
}
