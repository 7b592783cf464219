export { HttpSecurityGateService } from './HttpSecurityGateService';
export type { SecurityGateService } from './SecurityGateService';
export { securityGateServiceRef } from './securityGateServiceRef';
