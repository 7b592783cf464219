export { parseRequestBody } from './parseRequestBody';
export { authorizeOrThrow, userEntityRefOf } from './authorizeOrThrow';
export {
  allowedEntityRefs,
  authorizeEntityOrThrow,
} from './authorizeEntityOrThrow';
export { runAudited } from './runAudited';
