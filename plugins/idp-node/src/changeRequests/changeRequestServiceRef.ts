import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Duration } from 'luxon';
import { ChangeRequestService } from './ChangeRequestService';
import { ChangeRequestStore } from './ChangeRequestStore';

/**
 * The change-request engine of the plugin that depends on it, storing its
 * requests in that plugin's database.
 *
 * @public
 */
export const changeRequestServiceRef = createServiceRef<ChangeRequestService>({
  id: 'idp.change-requests',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        auditor: coreServices.auditor,
      },
      async factory({ config, database, auditor }) {
        const expiry =
          config.getOptionalString('idp.changeRequests.defaultExpiry') ?? 'P7D';
        const defaultExpiry = Duration.fromISO(expiry);
        if (!defaultExpiry.isValid) {
          throw new Error(
            `idp.changeRequests.defaultExpiry must be an ISO 8601 duration, got "${expiry}"`,
          );
        }
        const store = await ChangeRequestStore.create(
          await database.getClient(),
        );
        return new ChangeRequestService(store, auditor, { defaultExpiry });
      },
    }),
});
