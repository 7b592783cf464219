export interface Config {
  idp?: {
    /** Settings of the security backend (plugin id `security`). */
    security?: {
      /**
       * Folder of demo data, relative to the backend's working directory: its
       * `demo.yaml` lists scanner reports to ingest,
       * `reports[{file, format: trivy|cyclonedx|sarif, entityRef, artifactDigest}]`
       * (files relative to the folder; see examples/security). A bad manifest
       * fails startup. Each report is ingested once its entity is in the
       * catalog, checked every 10 seconds; ingest is idempotent, so restarts
       * store nothing twice.
       */
      demoData?: string;
      ingest?: {
        /** Largest accepted scanner report (raw body), in megabytes. Default 200. */
        maxReportMegabytes?: number;
      };
      /**
       * Who may sign artifacts: `POST /signatures` verifies Sigstore bundles
       * against this (the same shape as `idp.promotion.signature`). Without
       * it, uploads answer 503.
       */
      signature?: {
        /** Path of a sigstore trusted_root.json (Fulcio CAs, Rekor and CT log keys); required with identities. */
        trustedRootPath?: string;
        /** Accepted signing-certificate identities. */
        identities?: Array<{
          /** Certificate SAN (an email or workflow URL); `/.../` is a regular expression. */
          subjectAlternativeName: string;
          /** OIDC issuer, e.g. https://token.actions.githubusercontent.com. */
          issuer?: string;
        }>;
        /** Accepted public keys, by the hint bundles name them with. */
        keys?: Array<{
          hint: string;
          /** PEM public key. */
          publicKey: string;
        }>;
        /** Transparency-log entries required. Default 1. */
        tlogThreshold?: number;
        /** Certificate-transparency log entries required. Default 1. */
        ctlogThreshold?: number;
      };
      slsa?: {
        /**
         * Builders you vouch for, checked before the built-in rule: a
         * verified provenance whose builder id starts with `idPrefix` gets
         * `level` (0-3).
         */
        builders?: Array<{ idPrefix: string; level: number }>;
      };
      waivers?: {
        /**
         * How far ahead a waiver may expire, in days. A waiver is requested
         * through a change request in the last (most protected) environment.
         * Default 90.
         */
        maxDays?: number;
      };
      /**
       * The promotion gate's policy. Built in: critical blocks everywhere;
       * high blocks production and needs an approval in staging; medium is
       * admitted with a remediation due date; low is admitted. Each
       * environment's own `idp.environments[].security.maxSeverity` applies on
       * top: a severity above it always blocks.
       */
      policy?: {
        /**
         * Days from a finding's first sighting until its remediation is due,
         * per severity (critical, high, medium, low, none). Defaults: critical
         * 7, high 30, medium 90; low and none have no due date.
         */
        remediationDays?: {
          critical?: number;
          high?: number;
          medium?: number;
          low?: number;
          none?: number;
        };
        /** Rules for every environment; `environments.<name>` overrides them. */
        defaults?: SecurityEnvironmentRules;
        /**
         * Rules per environment name, merged over `defaults`. Built in:
         * `staging: {high: require-approval}`, `production: {high: block}`.
         */
        environments?: { [environment: string]: SecurityEnvironmentRules };
      };
    };
  };
}

/** What the gate does with open findings in one environment. */
export interface SecurityEnvironmentRules {
  /** Action for open critical findings. Default block. */
  critical?: 'block' | 'require-approval' | 'allow';
  /** Action for open high findings. Default allow (see the built-in overrides). */
  high?: 'block' | 'require-approval' | 'allow';
  /** Action for open medium findings. Default allow. */
  medium?: 'block' | 'require-approval' | 'allow';
  /** Action for open low findings. Default allow. */
  low?: 'block' | 'require-approval' | 'allow';
  /** Action for findings past their remediation due date, if stricter. Default allow. */
  overdue?: 'block' | 'require-approval' | 'allow';
  /** Refuse artifacts without any scanner report. Default: the environment's `protected`. */
  requireReport?: boolean;
  /** Refuse artifacts without a verified Sigstore signature. Default false. */
  requireSignature?: boolean;
}
