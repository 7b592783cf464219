import { z } from 'zod';
import {
  COMPLIANCE_REGIMES,
  IDP_ANNOTATION_PREFIX,
  IDP_ANNOTATIONS,
  IdpAnnotationKey,
  POLICY_TIERS,
} from './annotations';

/**
 * One annotation value that does not meet its rule.
 *
 * @public
 */
export interface AnnotationProblem {
  annotation: string;
  value: string;
  message: string;
}

const dnsLabel = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a DNS label: lowercase letters, digits and "-", starting and ending with a letter or digit',
  );

const httpUrl = z.string().refine(value => {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && !!url.hostname
    );
  } catch {
    return false;
  }
}, 'must be an absolute http or https URL');

const costCenter = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/,
    'must be 2 to 32 letters, digits, "-" or "_", for example CC-1042',
  );

// A repository path as in OCI distribution: optional registry host[:port], then
// lowercase path components; tags and digests belong to artifacts, not here.
const imageRepository = z
  .string()
  .regex(
    /^(?:(?:[a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/,
    'must be an image repository such as ghcr.io/acme/payments, without tag or digest',
  );

const mcpServerName = z
  .string()
  .regex(
    /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/,
    'must be a server.json name such as io.github.acme/weather',
  );

const compliance = z.string().superRefine((value, ctx) => {
  const items = value.split(',').map(item => item.trim());
  const seen = new Set<string>();
  for (const item of items) {
    if (!item) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'has an empty entry',
      });
    } else if (!(COMPLIANCE_REGIMES as readonly string[]).includes(item)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `has unknown regime "${item}"; allowed: ${COMPLIANCE_REGIMES.join(
          ', ',
        )}`,
      });
    } else if (seen.has(item)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `lists "${item}" twice`,
      });
    }
    seen.add(item);
  }
});

const policyTier = z.enum(POLICY_TIERS, {
  errorMap: () => ({ message: `must be one of ${POLICY_TIERS.join(', ')}` }),
});

/**
 * The rule each IDP annotation must satisfy.
 *
 * @public
 */
export const idpAnnotationSchemas: Record<
  IdpAnnotationKey,
  z.ZodType<string>
> = {
  [IDP_ANNOTATIONS.serviceId]: dnsLabel,
  [IDP_ANNOTATIONS.healthCheck]: httpUrl,
  [IDP_ANNOTATIONS.costCenter]: costCenter,
  [IDP_ANNOTATIONS.compliance]: compliance,
  [IDP_ANNOTATIONS.imageRepository]: imageRepository,
  [IDP_ANNOTATIONS.promotionPipeline]: dnsLabel,
  [IDP_ANNOTATIONS.policyTier]: policyTier as z.ZodType<string>,
  [IDP_ANNOTATIONS.configName]: dnsLabel,
  [IDP_ANNOTATIONS.mcpServer]: mcpServerName,
};

/**
 * Checks every `idp-platform/*` annotation of an entity. Unknown keys under the
 * prefix are reported too, so a typo does not silently disable a feature.
 *
 * @public
 */
export function validateIdpAnnotations(
  annotations: Record<string, string> | undefined,
): AnnotationProblem[] {
  const problems: AnnotationProblem[] = [];
  for (const [annotation, value] of Object.entries(annotations ?? {})) {
    if (!annotation.startsWith(IDP_ANNOTATION_PREFIX)) continue;
    const schema = idpAnnotationSchemas[annotation as IdpAnnotationKey];
    if (!schema) {
      problems.push({
        annotation,
        value,
        message: `is not a known IDP annotation; known: ${Object.keys(
          idpAnnotationSchemas,
        ).join(', ')}`,
      });
      continue;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        problems.push({ annotation, value, message: issue.message });
      }
    }
  }
  return problems;
}

/**
 * The compliance regimes an entity declares, or an empty list when the
 * annotation is missing or invalid.
 *
 * @public
 */
export function parseComplianceAnnotation(value: string | undefined): string[] {
  if (!value || !compliance.safeParse(value).success) return [];
  return value.split(',').map(item => item.trim());
}
