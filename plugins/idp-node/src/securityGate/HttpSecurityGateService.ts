import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  SecurityGateRequest,
  SecurityGateVerdict,
  securityGateVerdictSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import { SecurityGateService } from './SecurityGateService';

/**
 * Asks the security backend's gate API (`POST /api/<plugin>/gate`) with the
 * calling plugin's own service credentials.
 *
 * @public
 */
export class HttpSecurityGateService implements SecurityGateService {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      /** Plugin id of the backend that answers; default `security`. */
      pluginId?: string;
    },
  ) {}

  async evaluate(request: SecurityGateRequest): Promise<SecurityGateVerdict> {
    const { discovery, auth } = this.options;
    const pluginId = this.options.pluginId ?? 'security';
    const baseUrl = await discovery.getBaseUrl(pluginId);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: pluginId,
    });
    const response = await fetch(`${baseUrl}/gate`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(request),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return securityGateVerdictSchema.parse(await response.json());
  }
}
