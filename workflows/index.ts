export { courseWorkflow } from './course';
