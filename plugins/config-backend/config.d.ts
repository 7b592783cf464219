import { JsonObject } from '@backstage/types';

export interface Config {
  idp?: {
    /** Settings of the configuration manager backend (plugin id `config`). */
    config?: {
      defaults?: {
        /**
         * Global platform defaults: the lowest layer of every application's
         * configuration, e.g. `{ logging: { level: info } }`.
         */
        global?: JsonObject;
        /**
         * Environment defaults per environment name (from idp.environments),
         * layered over the global defaults for every application.
         */
        environments?: { [environment: string]: JsonObject };
      };
      externalSecrets?: {
        /** `kind` of `spec.secretStoreRef`: SecretStore or ClusterSecretStore. Default ClusterSecretStore. */
        storeKind?: 'SecretStore' | 'ClusterSecretStore';
        /** `spec.refreshInterval` of every ExternalSecret. Default 1h. */
        refreshInterval?: string;
      };
      /**
       * Folder of ApplicationConfiguration YAML files (each with an optional
       * `<name>.schema.json` beside it) created at startup when missing, for
       * demos; relative to the backend's working directory.
       */
      demoData?: string;
      drift?: {
        /**
         * How often every delivered configuration is compared with its
         * cluster. An ISO 8601 duration or a luxon duration object. Default PT10M.
         */
        frequency?:
          | string
          | { seconds?: number; minutes?: number; hours?: number };
      };
    };
  };
}
