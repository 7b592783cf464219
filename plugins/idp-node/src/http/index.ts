export { parseRequestBody } from './parseRequestBody';
