import { z } from 'zod';
import { SEVERITIES } from './severity';

/**
 * One deployment environment from `idp.environments`, in promotion order.
 *
 * @public
 */
export const environmentSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label'),
  title: z.string().optional(),
  cluster: z.string().min(1),
  namespace: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label'),
  protected: z.boolean(),
  requiredApprovals: z.number().int().min(0),
  /** Group entity refs allowed to approve changes here; empty means the entity's owner. */
  approvers: z.array(z.string()),
  security: z.object({
    /** The highest finding severity an artifact may carry into this environment. */
    maxSeverity: z.enum(SEVERITIES),
  }),
});

/** @public */
export type Environment = z.infer<typeof environmentSchema>;

/**
 * The environments used when `idp.environments` is not configured.
 *
 * @public
 */
export const DEFAULT_ENVIRONMENTS: Environment[] = [
  {
    name: 'development',
    title: 'Development',
    cluster: 'local',
    namespace: 'development',
    protected: false,
    requiredApprovals: 0,
    approvers: [],
    security: { maxSeverity: 'high' },
  },
  {
    name: 'staging',
    title: 'Staging',
    cluster: 'local',
    namespace: 'staging',
    protected: false,
    requiredApprovals: 0,
    approvers: [],
    security: { maxSeverity: 'high' },
  },
  {
    name: 'uat',
    title: 'UAT',
    cluster: 'local',
    namespace: 'uat',
    protected: true,
    requiredApprovals: 1,
    approvers: [],
    security: { maxSeverity: 'medium' },
  },
  {
    name: 'production',
    title: 'Production',
    cluster: 'local',
    namespace: 'production',
    protected: true,
    requiredApprovals: 2,
    approvers: [],
    security: { maxSeverity: 'medium' },
  },
];

/**
 * Validates a list of environments: names unique, at least one.
 *
 * @public
 */
export const environmentListSchema = z
  .array(environmentSchema)
  .min(1, 'needs at least one environment')
  .superRefine((environments, ctx) => {
    const seen = new Set<string>();
    environments.forEach((environment, index) => {
      if (seen.has(environment.name)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'name'],
          message: `environment "${environment.name}" is defined twice`,
        });
      }
      seen.add(environment.name);
    });
  });

/**
 * The environment that comes after `name` in promotion order, if any.
 *
 * @public
 */
export function nextEnvironment(
  environments: Environment[],
  name: string,
): Environment | undefined {
  const index = environments.findIndex(e => e.name === name);
  return index >= 0 ? environments[index + 1] : undefined;
}

/**
 * The environment that comes before `name` in promotion order, if any.
 *
 * @public
 */
export function previousEnvironment(
  environments: Environment[],
  name: string,
): Environment | undefined {
  const index = environments.findIndex(e => e.name === name);
  return index > 0 ? environments[index - 1] : undefined;
}
