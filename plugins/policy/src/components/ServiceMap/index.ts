export { ServiceMapCard } from './ServiceMapCard';
export { ServiceMap } from './ServiceMap';
export type { EdgeStatus, MapEdge } from './ServiceMap';
export { buildServiceGraph } from './buildServiceGraph';
export type { ServiceNode, ServiceGraph } from './buildServiceGraph';
