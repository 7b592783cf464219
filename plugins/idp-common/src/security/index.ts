export * from './securityGate';
