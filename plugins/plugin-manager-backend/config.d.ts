import { HumanDuration } from '@backstage/types';

export interface Config {
  idp?: {
    /** Settings of the plugin manager backend (plugin id `plugin-manager`). */
    pluginManager?: {
      /** The default npm registry. Default https://registry.npmjs.org. */
      defaultRegistry?: {
        url?: string;
        /** Bearer token, for a private default registry. @visibility secret */
        token?: string;
      };
      /** Private registries; a package whose scope is listed is read from that registry only. */
      registries?: Array<{
        name: string;
        url: string;
        /** Scopes served by this registry, e.g. `@acme`. */
        scopes?: string[];
        /** @visibility secret */
        token?: string;
      }>;
      discovery?: {
        /** Search texts sent to every registry's `/-/v1/search`. Default `keywords:backstage`. */
        queries?: string[];
        /**
         * Packages always read by name, besides the search hits (each from the
         * registry that serves its scope); for registries or proxies without
         * `/-/v1/search`.
         */
        packages?: string[];
        /** Most packages read per registry and query. Default 2000. */
        maxPackages?: number;
        /** How long registry metadata stays cached. Default PT6H. */
        cacheTtl?: string | HumanDuration;
        /** How often the scheduled refresh runs. Default PT1H. */
        refreshFrequency?: string | HumanDuration;
      };
      /**
       * The environment (from idp.environments) this Backstage runs in. When it
       * is protected, every change goes through a change request. Default: none.
       */
      environment?: string;
      /** Root of the Backstage app (where backstage.json is). Default: found upwards from the working directory. */
      appRoot?: string;
      /** A release manifest ({release, packages}) with the versions of this Backstage release. Default `<appRoot>/scripts/backstage-release-manifest.json`. */
      releaseManifest?: string;
      /**
       * Where every installed version is kept for rollback, and where downloads
       * are staged; must be on the same filesystem as dynamicPlugins.rootDirectory.
       * Default `<rootDirectory>.plugin-manager`.
       */
      storageDirectory?: string;
      /** When the dynamic plugins load from a volume of a Kubernetes Deployment: restart it after each change. */
      deployment?: {
        /** Cluster name from idp.clusters; or give `environment` to use its cluster and namespace. */
        cluster?: string;
        environment?: string;
        namespace?: string;
        name: string;
        /** How long to wait for the restarted Deployment to become ready. Default PT5M. */
        readinessTimeout?: string | HumanDuration;
        /** How often readiness is looked at while waiting. Default PT2S. */
        pollInterval?: string | HumanDuration;
      };
      /**
       * Verifies the npm provenance attestation of packages that have one
       * (same shape as idp.promotion.signature: trustedRootPath, identities,
       * keys, tlogThreshold, ctlogThreshold). Not verified when absent.
       */
      provenance?: {
        trustedRootPath?: string;
        identities?: Array<{ subjectAlternativeName: string; issuer?: string }>;
        keys?: Array<{ hint: string; publicKey: string }>;
        tlogThreshold?: number;
        ctlogThreshold?: number;
      };
      health?: {
        /** How often installed plugins are health-checked. Default PT5M. */
        frequency?: string | HumanDuration;
        /** Path probed under each backend plugin's base URL. Default `/health`. */
        routePath?: string;
      };
    };
  };
  dynamicPlugins?: {
    /** Folder the dynamic plugins are loaded from (the dynamic feature service reads it too). */
    rootDirectory?: string;
  };
}
