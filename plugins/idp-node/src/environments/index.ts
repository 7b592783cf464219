export {
  EnvironmentService,
  environmentServiceRef,
} from './EnvironmentService';
