export interface Config {
  idp?: {
    /** Kubernetes clusters the environments refer to by name. */
    clusters?: Array<{
      /** Cluster name referenced by idp.environments[].cluster. */
      name: string;
      /** API server URL, used with `token`. */
      url?: string;
      /**
       * Service account bearer token for `url`.
       * @visibility secret
       */
      token?: string;
      /**
       * PEM CA bundle of the API server, base64-encoded.
       * @visibility secret
       */
      caData?: string;
      /** Skip TLS verification of the API server (local test clusters only). Default false. */
      skipTLSVerify?: boolean;
      /** Use this context of the kubeconfig (KUBECONFIG or ~/.kube/config) instead of url and token. */
      kubeconfigContext?: string;
      /** Path of the kubeconfig file used with kubeconfigContext. */
      kubeconfigPath?: string;
      /** Use the pod's service account (when Backstage runs inside this cluster). */
      inCluster?: boolean;
    }>;

    kubernetes?: {
      /** Field manager of every server-side apply. Default "idp-platform". */
      fieldManager?: string;
      /** Default time to wait for a rollout, as an ISO 8601 duration. Default PT5M. */
      rolloutTimeout?: string;
    };

    changeRequests?: {
      /** How long a change request stays open, as an ISO 8601 duration. Default P7D. */
      defaultExpiry?: string;
    };

    /**
     * Group entity refs whose members may do everything in the IDP Platform.
     * Read by the backend's permission policy. Default ["group:default/platform-admins"].
     */
    admins?: string[];
  };
}
