import { Construct } from 'constructs';
import { ErrorContext, HttpExposure, checkHttpExposure, createHttpExposure } from '../core';
import { PORT_NAMES } from './config';
import { JaegerRole, ResolvedComponent } from './role';

/**
 * The Jaeger UI behind an Ingress or HTTPRoute (the `exposure` prop of JaegerQuery and JaegerAllInOne). The UI has
 * no login, so the exposure must say who authenticates users (`access`). Returns the external URL.
 */
export function exposeJaegerUi(
  scope: Construct,
  exposure: HttpExposure | undefined,
  parts: {
    readonly role: JaegerRole;
    readonly component: ResolvedComponent;
    readonly basePath: string;
    readonly context: ErrorContext;
  },
): string | undefined {
  if (exposure === undefined) return undefined;
  const checked = checkHttpExposure(
    exposure,
    { ownLogin: false, basePath: parts.basePath },
    parts.context,
    'exposure',
  );
  const port = parts.role.ports.find((p) => p.name === PORT_NAMES.queryHttp);
  return createHttpExposure(scope, 'exposure', checked, {
    namespace: parts.component.namespace,
    name: parts.component.name,
    labels: parts.component.labels,
    serviceName: parts.role.service.name,
    servicePort: port!.port,
    basePath: parts.basePath,
    ownLogin: false,
  }).url;
}
