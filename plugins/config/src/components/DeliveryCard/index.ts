export { DeliveryCard } from './DeliveryCard';
