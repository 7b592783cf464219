export * from './serviceCommunicationPolicy';
export * from './policyApi';
