export { parseRequestBody } from './parseRequestBody';
export { authorizeOrThrow, userEntityRefOf } from './authorizeOrThrow';
