import { k8s } from 'cdk8s-plus-28';

/** Timings of a probe; the defaults suit a Go server that starts in seconds. */
export interface ProbeTimings {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
}

/** An HTTP GET probe against a named container port. */
export function httpGetProbe(portName: string, path: string, timings: ProbeTimings = {}): k8s.Probe {
  return {
    httpGet: { path, port: k8s.IntOrString.fromString(portName), scheme: 'HTTP' },
    initialDelaySeconds: timings.initialDelaySeconds ?? 0,
    periodSeconds: timings.periodSeconds ?? 10,
    timeoutSeconds: timings.timeoutSeconds ?? 5,
    failureThreshold: timings.failureThreshold ?? 3,
  };
}

/** The three probes of a server with one health endpoint: startup gives it up to `startupSeconds` to come up. */
export function healthProbes(
  portName: string,
  livenessPath: string,
  readinessPath: string = livenessPath,
  startupSeconds = 120,
): { readonly liveness: k8s.Probe; readonly readiness: k8s.Probe; readonly startup: k8s.Probe } {
  return {
    startup: httpGetProbe(portName, livenessPath, {
      periodSeconds: 5,
      failureThreshold: Math.ceil(startupSeconds / 5),
    }),
    liveness: httpGetProbe(portName, livenessPath, { periodSeconds: 10, failureThreshold: 6 }),
    readiness: httpGetProbe(portName, readinessPath, { periodSeconds: 5, failureThreshold: 3 }),
  };
}
