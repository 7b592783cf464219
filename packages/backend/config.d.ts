export interface Config {
  idp?: {
    /**
     * The local demo's cluster: when set, the backend serves the Kubernetes REST
     * test server of idp-node (`@idp-platform/backstage-plugin-idp-node/testUtils`)
     * on 127.0.0.1 at this port and seeds it, so the features that change a
     * cluster work without one. Point an `idp.clusters` entry at
     * `http://127.0.0.1:<port>`. Never set in production.
     */
    demoCluster?: {
      /** Whether to serve it; app-config.production.yaml sets false. Default true when the block is present. */
      enabled?: boolean;
      /** Port on 127.0.0.1, for example 6443. */
      port: number;
      /** How long a Deployment takes to roll out after a change (ISO 8601 duration). Default PT3S. */
      rolloutDelay?: string;
      /** Folder of YAML files whose objects are server-side applied at startup, relative to the backend's working directory. */
      seed?: string;
    };
  };
}
