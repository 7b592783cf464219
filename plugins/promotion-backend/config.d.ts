export interface Config {
  idp?: {
    /** Settings of the promotion backend (plugin id `promotion`). */
    promotion?: {
      /**
       * Pipelines a component can follow, named by its
       * `idp-platform/promotion-pipeline` annotation. A pipeline named
       * `standard` with every environment of `idp.environments` in order exists
       * unless one is configured with that name.
       */
      pipelines?: Array<{
        name: string;
        /** Stages in promotion order; each names an environment of `idp.environments`. */
        stages: Array<{
          environment: string;
          /**
           * How long the artifact must have run verified in the previous stage,
           * as an ISO 8601 duration. Default `idp.promotion.minSoak`.
           */
          minSoak?: string;
          /** Whether this stage admits only signed artifacts. Default `idp.promotion.requireSignature`. */
          requireSignature?: boolean;
        }>;
      }>;
      /** Pipeline of components without the annotation. Default `standard`. */
      defaultPipeline?: string;
      /** Default minimum soak in the previous stage, ISO 8601. Default PT0S. */
      minSoak?: string;
      /** Whether every stage admits only signed artifacts. Default false. */
      requireSignature?: boolean;
      /** Who may sign artifacts (sigstore bundles with an in-toto statement naming the digest). */
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
      /**
       * Allow and deny windows. `start`/`end` bound the first occurrence; with
       * `rrule` (RFC 5545) it repeats. Deny wins; an environment with allow
       * windows is open only inside one.
       */
      freezeWindows?: Array<{
        kind: 'allow' | 'deny';
        rrule?: string;
        start: string;
        end: string;
        /** Environment names; all when absent. */
        environments?: string[];
        reason?: string;
      }>;
      verification?: {
        /** How long the health check may take to answer 2xx after a rollout, ISO 8601. Default PT2M. */
        timeout?: string;
        /** How often rollout and health are polled, ISO 8601. Default PT2S. */
        pollInterval?: string;
        /** Rollout timeout, ISO 8601. Default `idp.kubernetes.rolloutTimeout`. */
        rolloutTimeout?: string;
      };
      worker?: {
        /** How often pending promotions are looked at (and resumed after a restart), ISO 8601. Default PT15S. */
        frequency?: string;
        /** How long one backend instance owns a promotion it works on, ISO 8601. Default PT15M. */
        leaseDuration?: string;
      };
      /**
       * Deploying through Argo CD: a component annotated `argocd/app-name`
       * gets its image set in that Application's
       * `spec.source.kustomize.images` (`<repository>=<repository>@<digest>`)
       * instead of a patch of its Deployment; Argo CD (automated sync) then
       * rolls the Deployment out.
       */
      argocd?: {
        /** Whether annotated components deploy through their Application. Default false. */
        enabled?: boolean;
        /** Cluster (of `idp.clusters`) that runs Argo CD. Default: the environment's cluster. */
        cluster?: string;
        /** Namespace of the Application objects. Default argocd. */
        namespace?: string;
        /** How long Argo CD may take to sync the new image to the Deployment, ISO 8601. Default PT5M. */
        syncTimeout?: string;
      };
      /**
       * Directory of demo data (see examples/promotion) loaded at startup,
       * relative to the backend's working directory. Loading is idempotent.
       */
      demoData?: string;
    };
  };
}
