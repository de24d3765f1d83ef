// The querier's endpoint SD config at its edges, from the surviving mutants of the first mutation run of
// lib/thanos/config (issue #18): a group whose host merely contains "dnssrv", and client TLS without a client
// certificate or server name, whose keys must then be absent. Field names: thanos-io/thanos@v0.42.4
// cmd/thanos/endpointset.go (`address`, `group`, `client_config.tls_config` with `enabled`, `ca_file`,
// `cert_file`, `key_file`, and `client_config.server_name`).
import { buildEndpointSdConfig, checkEndpoints } from '../../lib/thanos/config';

const ctx = { construct: 'Test', path: 'chart/x' };
const mount = (secret: string) => `/etc/thanos/tls/${secret}`;

describe('endpoint groups', () => {
  test('a group resolved by A records whose host name contains "dnssrv" is accepted', () => {
    // Only the dnssrv+ prefix means SRV records (pkg/discovery/dns/provider.go); the host name is any name.
    const endpoints = [{ address: 'dns+dnssrv-cache.monitoring.svc:10901', group: true }];
    expect(checkEndpoints(endpoints, ctx, 'endpoints')).toEqual(endpoints);
  });
});

describe('client TLS', () => {
  test('a CA alone: no client certificate, key or server name keys', () => {
    expect(
      buildEndpointSdConfig(
        [{ address: 'sidecar.app-1.example.com:443', tls: { secretName: 'fleet-ca' } }],
        mount,
      ),
    ).toStrictEqual({
      endpoints: [
        {
          address: 'sidecar.app-1.example.com:443',
          client_config: { tls_config: { enabled: true, ca_file: '/etc/thanos/tls/fleet-ca/ca.crt' } },
        },
      ],
    });
  });

  test('a CA under another key and a server name, still without a client certificate', () => {
    expect(
      buildEndpointSdConfig(
        [
          {
            address: 'sidecar.app-1.example.com:443',
            tls: { secretName: 'fleet-ca', caKey: 'root.pem', serverName: 'sidecar.app-1' },
          },
        ],
        mount,
      ),
    ).toStrictEqual({
      endpoints: [
        {
          address: 'sidecar.app-1.example.com:443',
          client_config: {
            tls_config: { enabled: true, ca_file: '/etc/thanos/tls/fleet-ca/root.pem' },
            server_name: 'sidecar.app-1',
          },
        },
      ],
    });
  });
});
