export { courseWorkflow } from './course';
export { digestWorkflow } from './digest';
