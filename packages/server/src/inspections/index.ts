// Public surface of `inspections/`: on-site inspection results (事中事后监管).
export { inspectionErrors } from './error-codes.js';
export { inspectionPermissions } from './inspections.permissions.js';
export { registerInspectionRoutes } from './inspections.routes.js';
export { listInspections } from './list-inspections.js';
export { INSPECTION_RESULTS, type Inspection, type InspectionResult, recordInspection } from './record-inspection.js';
