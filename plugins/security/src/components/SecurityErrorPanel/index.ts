export { SecurityErrorPanel } from './SecurityErrorPanel';
