export { idpPlugin } from './idpPlugin';
