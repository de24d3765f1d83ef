import { k8s } from 'cdk8s-plus-28';
import { SEARCH_PASSWORD_ENV, SEARCH_USERNAME_ENV, SearchClientPlumbing } from './plumbing';

/** Escapes stdin for a double-quoted value of a curl config file (curl reads `\\` and `\"` there). */
const CURL_QUOTE = `sed 's/[\\\\"]/\\\\&/g'`;

/**
 * A shell pipeline that runs curl against the search engine with the credentials read from the mounted Secret
 * files and handed to curl as a config file on its stdin (`-K -`), so no password, token or key appears in the
 * environment or on a command line. `args` are the remaining curl arguments, already quoted for the shell.
 */
export function searchCurl(search: SearchClientPlumbing, args: string): string {
  const auth = search.auth;
  const config =
    auth?.kind === 'basic'
      ? `printf 'user = "%s:%s"\\n' "$(printf '%s' "$${SEARCH_USERNAME_ENV}" | ${CURL_QUOTE})" "$(${CURL_QUOTE} < ${auth.passwordFile})"`
      : auth?.kind === 'bearerToken'
        ? `printf 'header = "Authorization: Bearer %s"\\n' "$(${CURL_QUOTE} < ${auth.tokenFile})"`
        : auth?.kind === 'apiKey'
          ? `printf 'header = "Authorization: ApiKey %s"\\n' "$(${CURL_QUOTE} < ${auth.apiKeyFile})"`
          : `printf ''`;
  const ca = search.caFile ? `--cacert ${search.caFile} ` : '';
  return `${config} | curl -K - --fail-with-body --silent --show-error ${ca}${args}`;
}

/** The environment a curl container needs: the user name (never the password, which curl reads from its file). */
export function searchCurlEnv(search: SearchClientPlumbing): k8s.EnvVar[] {
  return search.toolEnv.filter((e) => e.name !== SEARCH_PASSWORD_ENV);
}
