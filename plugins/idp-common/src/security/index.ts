export * from './securityGate';
export * from './findings';
export * from './reports';
export * from './waivers';
export * from './supplyChain';
