export { HostingSection } from './HostingSection';
