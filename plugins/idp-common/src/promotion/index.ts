export * from './artifacts';
export * from './freezeWindows';
export * from './gateVerdicts';
export * from './pipelines';
export * from './promotions';
