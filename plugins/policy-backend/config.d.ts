export interface Config {
  idp?: {
    /** Settings of the policy builder backend (plugin id `policy`). */
    policy?: {
      /**
       * Folder of ServiceCommunicationPolicy YAML files created at startup
       * when missing (existing policies are left alone), for demos; relative
       * to the backend's working directory, e.g. `examples/policies`.
       */
      demoData?: string;
      /**
       * Namespaces of monitoring tools (Prometheus and the like) that
       * `restrictions.allowMonitoringTools` lets scrape the source's metrics
       * port. Default `[monitoring]`.
       */
      monitoringNamespaces?: string[];
      /**
       * Namespaces of logging agents that `restrictions.allowLoggingAgents`
       * lets the source reach when its egress is restricted. Default `[logging]`.
       */
      loggingNamespaces?: string[];
      /**
       * Name of the Istio extension provider (meshConfig.extensionProviders)
       * that runs OPA for time-of-day access rules (AuthorizationPolicy
       * action CUSTOM). Default `opa-ext-authz`.
       */
      opaProvider?: string;
      /**
       * Namespace of the cluster DNS, which sources with restricted egress
       * may still reach on port 53. Default `kube-system`.
       */
      dnsNamespace?: string;
      /**
       * Per environment name (from idp.environments): `strict: true` makes
       * every source's egress restricted (as `denyExternalServices`) and adds
       * NetworkPolicies for workloads inside the mesh as well. An environment
       * not listed is strict when it is protected.
       */
      environments?: {
        [environment: string]: {
          strict?: boolean;
        };
      };
    };
  };
}
