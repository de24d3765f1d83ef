import { k8s } from 'cdk8s-plus-28';
import {
  ErrorCode,
  ErrorContext,
  ObservabilityConstructError,
  SecretKeyReference,
  VolumeMountSpec,
  checkSecretKeyReference,
} from '../../core';
import { SearchBackendAuth } from '../config/search';
import { SearchConnection } from '../../elasticsearch';

/** Where the search credentials are mounted in every Jaeger container and job. */
export const SEARCH_SECRETS_DIR = '/etc/jaeger/search';
/** The environment variable that carries a user name read from a Secret. */
export const SEARCH_USERNAME_ENV = 'ES_USERNAME';
/** The environment variable jobs read the basic-auth password from (Jaeger's own tools read it there). */
export const SEARCH_PASSWORD_ENV = 'ES_PASSWORD';

const FILES = { password: 'password', token: 'token', apiKey: 'api-key', ca: 'ca.crt' } as const;

/** What a pod needs to talk to the search engine: one projected volume of Secret keys, and environment. */
export interface SearchClientPlumbing {
  readonly connection: SearchConnection;
  /** Mount these in every container that talks to the search engine. */
  readonly volumes: readonly VolumeMountSpec[];
  /** Environment for Jaeger (user name from a Secret). */
  readonly env: readonly k8s.EnvVar[];
  /** Environment for Jaeger's index tools, which read `ES_USERNAME` and `ES_PASSWORD`. */
  readonly toolEnv: readonly k8s.EnvVar[];
  /** Authentication as the Jaeger config writes it. */
  readonly auth?: SearchBackendAuth;
  /** Path of the mounted CA bundle. */
  readonly caFile?: string;
  /** Paths of the mounted bearer token and API key, for the tools' `--es.token-file` / `--es.api-key-file`. */
  readonly tokenFile?: string;
  readonly apiKeyFile?: string;
  /** The Secrets referenced, all of them the user's (or ECK's). */
  readonly secrets: readonly string[];
}

function secretEnv(name: string, ref: SecretKeyReference): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
}

const URL_PATTERN = /^https?:\/\/[^\s/]+(\/[^\s]*)?$/;

/**
 * Checks a connection and turns its Secret references into a projected volume and environment: passwords, tokens
 * and API keys become files Jaeger re-reads, a user name from a Secret becomes `${env:ES_USERNAME}`.
 */
export function searchClientPlumbing(
  connection: SearchConnection,
  context: ErrorContext,
  prop: string,
): SearchClientPlumbing {
  if (connection.serverUrls.length === 0) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_VALUE,
      prop: `${prop}.serverUrls`,
      problem: 'must list at least one server',
      value: connection.serverUrls,
      fix: "give the URL of the cluster's HTTP endpoint, e.g. 'https://elasticsearch.example.com:9200'",
    });
  }
  connection.serverUrls.forEach((url, i) => {
    if (!URL_PATTERN.test(url)) {
      throw new ObservabilityConstructError(context, {
        code: ErrorCode.INVALID_VALUE,
        prop: `${prop}.serverUrls[${i}]`,
        problem: 'is not an http(s) URL',
        value: url,
        fix: "write it with scheme, host and port, e.g. 'https://elasticsearch.example.com:9200'",
      });
    }
  });
  const sources: k8s.VolumeProjection[] = [];
  const env: k8s.EnvVar[] = [];
  const toolEnv: k8s.EnvVar[] = [];
  const secrets = new Set<string>();
  const mount = (ref: SecretKeyReference, file: string) => {
    sources.push({ secret: { name: ref.name, items: [{ key: ref.key, path: file }] } });
    secrets.add(ref.name);
    return `${SEARCH_SECRETS_DIR}/${file}`;
  };

  let auth: SearchBackendAuth | undefined;
  let tokenFile: string | undefined;
  let apiKeyFile: string | undefined;
  const a = connection.auth;
  if (a?.kind === 'basic') {
    const password = checkSecretKeyReference(a.password, context, `${prop}.auth.password`);
    let username: string;
    if (typeof a.username === 'string') {
      username = a.username;
      toolEnv.push({ name: SEARCH_USERNAME_ENV, value: a.username });
    } else {
      const ref = checkSecretKeyReference(a.username, context, `${prop}.auth.username`);
      env.push(secretEnv(SEARCH_USERNAME_ENV, ref));
      toolEnv.push(secretEnv(SEARCH_USERNAME_ENV, ref));
      secrets.add(ref.name);
      username = `\${env:${SEARCH_USERNAME_ENV}}`;
    }
    toolEnv.push(secretEnv(SEARCH_PASSWORD_ENV, password));
    auth = { kind: 'basic', username, passwordFile: mount(password, FILES.password) };
  } else if (a?.kind === 'bearerToken') {
    tokenFile = mount(checkSecretKeyReference(a.token, context, `${prop}.auth.token`), FILES.token);
    auth = { kind: 'bearerToken', tokenFile };
  } else if (a?.kind === 'apiKey') {
    apiKeyFile = mount(checkSecretKeyReference(a.apiKey, context, `${prop}.auth.apiKey`), FILES.apiKey);
    auth = { kind: 'apiKey', apiKeyFile };
  }
  const caFile = connection.ca
    ? mount(checkSecretKeyReference(connection.ca, context, `${prop}.ca`), FILES.ca)
    : undefined;
  const volumes: VolumeMountSpec[] =
    sources.length === 0
      ? []
      : [
          {
            volume: { name: 'search-credentials', projected: { sources, defaultMode: 0o440 } },
            mountPath: SEARCH_SECRETS_DIR,
            readOnly: true,
          },
        ];
  return {
    connection,
    volumes,
    env,
    toolEnv,
    auth,
    caFile,
    tokenFile,
    apiKeyFile,
    secrets: [...secrets].sort(),
  };
}
