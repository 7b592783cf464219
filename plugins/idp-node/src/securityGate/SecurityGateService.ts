import {
  SecurityGateRequest,
  SecurityGateVerdict,
} from '@idp-platform/backstage-plugin-idp-common';

/**
 * Answers whether an artifact may enter an environment. Promotion asks it
 * before each stage; the security backend answers by default, and another
 * scanner service can answer instead by providing its own factory for
 * `securityGateServiceRef`.
 *
 * @public
 */
export interface SecurityGateService {
  evaluate(request: SecurityGateRequest): Promise<SecurityGateVerdict>;
}
