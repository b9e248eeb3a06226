// Public surface of `catalogue/` (catalogue management): licence types and their versions,
// the responsibility list and the scenario list.
export { addScenario } from './add-scenario.js';
export { createLicenceType } from './create-licence-type.js';
export { getIssuableType } from './get-issuable-type.js';
export { type GetLicenceTypeOptions, getLicenceType, listLicenceTypeVersions } from './get-licence-type.js';
export { type LicenceTypePage, type ListLicenceTypesQuery, listLicenceTypes } from './list-licence-types.js';
export { listPublishedTypes, type PublishedLicenceType, verifiableTypes } from './list-published-types.js';
export {
  type ListResponsibilitiesQuery,
  listResponsibilities,
  type ResponsibilityPage,
} from './list-responsibilities.js';
export { type ListScenariosQuery, listScenarios, type ScenarioPage } from './list-scenarios.js';
export { publishLicenceType } from './publish-licence-type.js';
export { removeResponsibility } from './remove-responsibility.js';
export { removeScenario } from './remove-scenario.js';
export type { Responsibility } from './responsibility.js';
export { countLicencesByResponsibility, type ResponsibilityProgress } from './responsibility-progress.js';
export { retireLicenceType } from './retire-licence-type.js';
export { saveLicenceTypeDraft } from './save-licence-type-draft.js';
export type { Scenario } from './scenario.js';
export { setResponsibility } from './set-responsibility.js';
