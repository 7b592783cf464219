export interface Config {
  /** IDP Platform settings shared by frontend and backend. */
  idp?: {
    /**
     * Deployment environments in promotion order. Every IDP feature reads them
     * from here. Defaults to development, staging, uat, production on the
     * cluster named "local".
     * @visibility frontend
     */
    environments?: Array<{
      /**
       * Environment name, a DNS label.
       * @visibility frontend
       */
      name: string;
      /**
       * Human-readable title.
       * @visibility frontend
       */
      title?: string;
      /**
       * Name of the cluster (from idp.clusters) this environment runs on.
       * @visibility frontend
       */
      cluster: string;
      /**
       * Kubernetes namespace of the environment. Defaults to the name.
       * @visibility frontend
       */
      namespace?: string;
      /**
       * Whether changes here go through change requests. Default false.
       * @visibility frontend
       */
      protected?: boolean;
      /**
       * Approvals a change request needs here. Default 1 when protected, else 0.
       * @visibility frontend
       */
      requiredApprovals?: number;
      /**
       * Group entity refs allowed to approve changes here. Empty means the
       * owner of the entity the change belongs to.
       * @visibility frontend
       */
      approvers?: string[];
      /** @visibility frontend */
      security?: {
        /**
         * Highest finding severity admitted: none, low, medium, high or critical.
         * Default "high", or "medium" for protected environments.
         * @visibility frontend
         */
        maxSeverity?: 'none' | 'low' | 'medium' | 'high' | 'critical';
      };
    }>;
  };
}
