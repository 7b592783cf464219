export { WaiversCard } from './WaiversCard';
