export { SupplyChainCard } from './SupplyChainCard';
