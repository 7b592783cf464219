export { ServerDetail } from './ServerDetail';
