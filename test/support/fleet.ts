/**
 * The fleet TLS every pattern test uses: each cluster's identity (`fleet-tls`) and one client CA per direction, as
 * the patterns require (a query-client CA for the StoreAPI servers, a remote-write-client CA for receivers).
 */
export const FLEET_TEST_TLS = {
  secretName: 'fleet-tls',
  queryClientCaSecretName: 'fleet-query-client-ca',
  remoteWriteClientCaSecretName: 'fleet-remote-write-client-ca',
} as const;
