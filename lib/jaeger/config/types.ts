/**
 * The parts of a Jaeger v2 (2.20.0) configuration file this library writes. Jaeger v2 is an OpenTelemetry
 * collector distribution: the file has `service`, `extensions`, `receivers`, `processors` and `exporters`. Only
 * keys Jaeger 2.20.0 accepts appear here; an unknown key makes Jaeger refuse to start.
 */
export interface JaegerConfig {
  readonly service: {
    readonly extensions: readonly string[];
    readonly pipelines: Readonly<
      Record<
        string,
        {
          readonly receivers: readonly string[];
          readonly processors: readonly string[];
          readonly exporters: readonly string[];
        }
      >
    >;
    readonly telemetry: TelemetryConfig;
  };
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly receivers: Readonly<Record<string, unknown>>;
  readonly processors: Readonly<Record<string, unknown>>;
  readonly exporters: Readonly<Record<string, unknown>>;
}

/** `service.telemetry`: Jaeger's own metrics (Prometheus pull) and logs. */
export interface TelemetryConfig {
  readonly resource: Readonly<Record<string, string>>;
  readonly metrics: {
    readonly level: 'none' | 'basic' | 'normal' | 'detailed';
    readonly readers: readonly {
      readonly pull: {
        readonly exporter: {
          readonly prometheus: {
            readonly host: string;
            readonly port: number;
            readonly without_type_suffix: boolean;
            readonly without_units: boolean;
            readonly without_scope_info: boolean;
          };
        };
      };
    }[];
  };
  readonly logs: { readonly level: 'debug' | 'info' | 'warn' | 'error' };
}

/** An address a server binds to: `host:port`. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}
