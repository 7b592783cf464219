export interface Config {
  idp?: {
    scaffolder?: {
      /**
       * `idp:publish:local`: templates publish the generated repository into
       * this folder of the Backstage host (relative to the backend's working
       * directory) instead of a Git host, and its catalog-info.yaml is
       * registered as a `file` location (the catalog module then allows `file`
       * locations). For local demos and air-gapped trials; unset in production.
       */
      localPublish?: {
        /** Set false to turn it off (app-config.production.yaml does). Default true when the block is present. */
        enabled?: boolean;
        directory: string;
      };
    };
  };
}
