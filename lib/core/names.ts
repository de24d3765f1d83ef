import { ErrorCode, ErrorContext, ObservabilityConstructError } from './errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Whether `value` is a DNS-1123 subdomain, the form of most Kubernetes object names (Secrets, PersistentVolumeClaims,
 * PriorityClasses, IngressClasses, Gateways): DNS labels joined by '.', at most 253 characters in all
 * (kubernetes/apimachinery@v0.28.15 pkg/util/validation/validation.go `dns1123SubdomainFmt`, `DNS1123SubdomainMaxLength`).
 * So `a..b`, `a-.b` and `a.-b` are not names the API server accepts.
 */
export function isDnsSubdomain(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 253 &&
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value)
  );
}

/** Whether `value` is a DNS label (RFC 1123: lower case alphanumerics and '-') of at most `maxLength` characters. */
export function isDnsLabel(value: string, maxLength = 63): boolean {
  return DNS_LABEL.test(value) && value.length <= maxLength;
}

/**
 * Checks a Kubernetes object name that is also used as a DNS label (Services, and every object of a construct,
 * whose names are derived from one base name): lower case alphanumerics and '-', at most `maxLength` characters.
 */
export function checkDnsLabel(value: string, context: ErrorContext, prop: string, maxLength = 63): string {
  if (!isDnsLabel(value, maxLength)) {
    throw new ObservabilityConstructError(context, {
      code: ErrorCode.INVALID_NAME,
      prop,
      problem: `must be a DNS label of at most ${maxLength} characters (lower case letters, digits and '-', starting and ending with a letter or digit)`,
      value,
      fix: `choose a name such as '${suggestDnsLabel(value, maxLength)}'`,
    });
  }
  return value;
}

/** A DNS label close to `value`, for error messages and for defaults derived from construct ids. */
export function suggestDnsLabel(value: string, maxLength = 63): string {
  const cleaned = value
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    // Every run of other characters, '-' included, becomes one '-': no '--' is left after this step.
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, maxLength)
    .replace(/-$/, '');
  return cleaned.length > 0 ? cleaned : 'name';
}
