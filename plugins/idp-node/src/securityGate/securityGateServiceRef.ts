import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { HttpSecurityGateService } from './HttpSecurityGateService';
import { SecurityGateService } from './SecurityGateService';

/**
 * The security gate promotion asks. By default it calls the security
 * backend (plugin id `security`) service to service.
 *
 * @public
 */
export const securityGateServiceRef = createServiceRef<SecurityGateService>({
  id: 'idp.security-gate',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { discovery: coreServices.discovery, auth: coreServices.auth },
      factory: ({ discovery, auth }) =>
        new HttpSecurityGateService({ discovery, auth }),
    }),
});
