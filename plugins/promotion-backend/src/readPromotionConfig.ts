import { Config } from '@backstage/config';
import {
  FreezeWindow,
  freezeWindowSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { Duration } from 'luxon';

/** One stage of a configured pipeline. */
export interface PipelineStageDefinition {
  environment: string;
  /** How long the artifact must have been verified in the previous stage. */
  minSoak: Duration;
  requireSignature: boolean;
}

/** A named pipeline from `idp.promotion.pipelines`. */
export interface PipelineDefinition {
  name: string;
  stages: PipelineStageDefinition[];
}

/** Who may sign artifacts, from `idp.promotion.signature`. */
export interface SignatureConfig {
  /** Path of a sigstore trusted_root.json (Fulcio CAs, Rekor and CT log keys). */
  trustedRootPath?: string;
  /** Accepted certificate identities; `/.../` is a regular expression. */
  identities: Array<{ subjectAlternativeName: string; issuer?: string }>;
  /** Accepted public keys (PEM) by the hint bundles name them with. */
  keys: Array<{ hint: string; publicKey: string }>;
  tlogThreshold: number;
  ctlogThreshold: number;
}

/** The validated `idp.promotion` configuration. */
export interface PromotionConfig {
  /** Pipelines by name; `standard` (every environment in order) unless configured. */
  pipelines: PipelineDefinition[];
  defaultPipeline: string;
  requireSignature: boolean;
  defaultMinSoak: Duration;
  signature?: SignatureConfig;
  freezeWindows: FreezeWindow[];
  verification: {
    /** How long the health check may take to answer 2xx after the rollout. */
    timeout: Duration;
    /** How often rollout and health are polled. */
    pollInterval: Duration;
    rolloutTimeout?: Duration;
  };
  worker: { frequency: Duration; leaseDuration: Duration };
  /** Set when `idp.promotion.argocd.enabled`: annotated components deploy through Argo CD. */
  argoCd?: {
    /** Cluster that runs Argo CD; each environment's own cluster when absent. */
    cluster?: string;
    /** Namespace of the Application objects. */
    namespace: string;
    /** How long Argo CD may take to bring the Deployment to the new image. */
    syncTimeout: Duration;
  };
  demoData?: string;
}

function readDuration(
  config: Config | undefined,
  key: string,
  fallback: string | undefined,
  prefix: string,
): Duration | undefined {
  const value = config?.getOptionalString(key) ?? fallback;
  if (value === undefined) return undefined;
  const duration = Duration.fromISO(value);
  if (!duration.isValid) {
    throw new Error(
      `${prefix}.${key}: "${value}" is not an ISO 8601 duration such as PT10M`,
    );
  }
  return duration;
}

/**
 * Reads and validates `idp.promotion`. Throws an error naming the bad key.
 * `environmentNames` are the names of `idp.environments`, in order.
 */
export function readPromotionConfig(
  root: Config,
  environmentNames: string[],
): PromotionConfig {
  const prefix = 'idp.promotion';
  const config = root.getOptionalConfig('idp.promotion');
  const requireSignature =
    config?.getOptionalBoolean('requireSignature') ?? false;
  const defaultMinSoak = readDuration(config, 'minSoak', 'PT0S', prefix)!;

  const pipelines: PipelineDefinition[] = (
    config?.getOptionalConfigArray('pipelines') ?? []
  ).map((pipeline, index) => {
    const key = `${prefix}.pipelines[${index}]`;
    const name = pipeline.getString('name');
    const stages = pipeline.getConfigArray('stages').map((stage, position) => {
      const environment = stage.getString('environment');
      if (!environmentNames.includes(environment)) {
        throw new Error(
          `${key}.stages[${position}].environment: unknown environment "${environment}"; known: ${environmentNames.join(
            ', ',
          )}`,
        );
      }
      return {
        environment,
        minSoak:
          readDuration(
            stage,
            'minSoak',
            undefined,
            `${key}.stages[${position}]`,
          ) ?? defaultMinSoak,
        requireSignature:
          stage.getOptionalBoolean('requireSignature') ?? requireSignature,
      };
    });
    if (!stages.length) {
      throw new Error(`${key}.stages: needs at least one stage`);
    }
    return { name, stages };
  });
  if (!pipelines.some(pipeline => pipeline.name === 'standard')) {
    pipelines.push({
      name: 'standard',
      stages: environmentNames.map(environment => ({
        environment,
        minSoak: defaultMinSoak,
        requireSignature,
      })),
    });
  }
  const defaultPipeline =
    config?.getOptionalString('defaultPipeline') ?? 'standard';
  if (!pipelines.some(pipeline => pipeline.name === defaultPipeline)) {
    throw new Error(
      `${prefix}.defaultPipeline: unknown pipeline "${defaultPipeline}"`,
    );
  }

  const freezeWindows = (
    config?.getOptional<unknown[]>('freezeWindows') ?? []
  ).map((window, index) => {
    const result = freezeWindowSchema.safeParse(window);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(
        `${prefix}.freezeWindows[${index}]${issue.path
          .map(p => `.${p}`)
          .join('')}: ${issue.message}`,
      );
    }
    return result.data;
  });

  const signatureConfig = config?.getOptionalConfig('signature');
  const signature: SignatureConfig | undefined = signatureConfig && {
    trustedRootPath: signatureConfig.getOptionalString('trustedRootPath'),
    identities: (
      signatureConfig.getOptionalConfigArray('identities') ?? []
    ).map(identity => ({
      subjectAlternativeName: identity.getString('subjectAlternativeName'),
      issuer: identity.getOptionalString('issuer'),
    })),
    keys: (signatureConfig.getOptionalConfigArray('keys') ?? []).map(key => ({
      hint: key.getString('hint'),
      publicKey: key.getString('publicKey'),
    })),
    tlogThreshold: signatureConfig.getOptionalNumber('tlogThreshold') ?? 1,
    ctlogThreshold: signatureConfig.getOptionalNumber('ctlogThreshold') ?? 1,
  };
  if (signature && !signature.identities.length && !signature.keys.length) {
    throw new Error(
      `${prefix}.signature: name at least one of identities or keys`,
    );
  }
  if (signature?.identities.length && !signature.trustedRootPath) {
    throw new Error(
      `${prefix}.signature.trustedRootPath: required to verify certificate identities`,
    );
  }

  const verification = config?.getOptionalConfig('verification');
  const worker = config?.getOptionalConfig('worker');
  const argoCd = config?.getOptionalConfig('argocd');
  return {
    pipelines,
    defaultPipeline,
    requireSignature,
    defaultMinSoak,
    signature,
    freezeWindows,
    verification: {
      timeout: readDuration(
        verification,
        'timeout',
        'PT2M',
        `${prefix}.verification`,
      )!,
      pollInterval: readDuration(
        verification,
        'pollInterval',
        'PT2S',
        `${prefix}.verification`,
      )!,
      rolloutTimeout: readDuration(
        verification,
        'rolloutTimeout',
        undefined,
        `${prefix}.verification`,
      ),
    },
    worker: {
      frequency: readDuration(
        worker,
        'frequency',
        'PT15S',
        `${prefix}.worker`,
      )!,
      leaseDuration: readDuration(
        worker,
        'leaseDuration',
        'PT15M',
        `${prefix}.worker`,
      )!,
    },
    argoCd: argoCd?.getOptionalBoolean('enabled')
      ? {
          cluster: argoCd.getOptionalString('cluster'),
          namespace: argoCd.getOptionalString('namespace') ?? 'argocd',
          syncTimeout: readDuration(
            argoCd,
            'syncTimeout',
            'PT5M',
            `${prefix}.argocd`,
          )!,
        }
      : undefined,
    demoData: config?.getOptionalString('demoData'),
  };
}
