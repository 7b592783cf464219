/**
 * Backend library of the IDP Platform: environments, Kubernetes access,
 * the change-request engine, Sigstore bundle verification.
 *
 * @packageDocumentation
 */
export * from './changeRequests';
export * from './environments';
export * from './http';
export * from './kubernetes';
export * from './securityGate';
export * from './sigstore';
