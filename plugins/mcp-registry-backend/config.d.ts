import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  idp?: {
    /** Settings of the MCP registry backend (plugin id `mcp-registry`). */
    mcpRegistry?: {
      probe?: {
        /**
         * Time one health check may take, shared by initialize, tools/list,
         * resources/list, prompts/list and ping; the manual "test now" uses it
         * too. An ISO 8601 duration or a luxon duration object. Default PT10S.
         */
        timeout?:
          | string
          | { seconds?: number; milliseconds?: number; minutes?: number };
        /**
         * How often every server's latest version is health-checked. An ISO
         * 8601 duration or a luxon duration object. Default PT5M.
         */
        frequency?:
          | string
          | { seconds?: number; minutes?: number; hours?: number };
        /**
         * Whether a stdio npm package that is not installed next to the backend
         * may be fetched and run with `npx -y` to probe it. Default false.
         */
        allowPackageDownload?: boolean;
        /** Health checks kept and returned per server. Default 50. */
        historyLimit?: number;
      };
      catalog?: {
        /**
         * How often the catalog module (catalog-backend-module-idp) reads the
         * registry and refreshes the MCP server API entities. Default every 5
         * minutes, timeout 3 minutes.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      hosting?: {
        /**
         * Image that runs npm packages, and the supergateway bridge in front
         * of stdio servers; it needs `npx`. Default `node:22-alpine`.
         */
        gatewayImage?: string;
        /**
         * How long a deploy or scale may take before the hosted server is
         * marked Failed. An ISO 8601 duration or a luxon duration object.
         * Default PT5M.
         */
        rolloutTimeout?:
          | string
          | { seconds?: number; minutes?: number; hours?: number };
      };
      /**
       * Folder of `*.server.json` files registered at startup when missing,
       * for demos; relative to the backend's working directory.
       */
      demoData?: string;
      /**
       * Registries serving the official MCP registry API, imported on the
       * probe schedule, e.g. `https://registry.modelcontextprotocol.io/v0.1`.
       */
      importSources?: Array<{
        /** Base URL, ending before `/servers`. */
        url: string;
        /** Entity ref of the group that owns the imported servers. */
        owner: string;
      }>;
    };
  };
}
