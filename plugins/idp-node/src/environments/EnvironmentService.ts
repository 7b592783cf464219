import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { Environment } from '@idp-platform/backstage-plugin-idp-common';
import { readEnvironments } from '@idp-platform/backstage-plugin-idp-common';

/**
 * The one place every IDP feature reads environments from.
 *
 * @public
 */
export class EnvironmentService {
  constructor(private readonly environments: Environment[]) {}

  /** All environments in promotion order. */
  list(): Environment[] {
    return this.environments;
  }

  /** One environment; NotFoundError names the known ones. */
  get(name: string): Environment {
    const environment = this.environments.find(e => e.name === name);
    if (!environment) {
      throw new NotFoundError(
        `Unknown environment "${name}"; known: ${this.environments
          .map(e => e.name)
          .join(', ')}`,
      );
    }
    return environment;
  }
}

/** @public */
export const environmentServiceRef = createServiceRef<EnvironmentService>({
  id: 'idp.environments',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => new EnvironmentService(readEnvironments(config)),
    }),
});
