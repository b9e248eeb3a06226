// Public surface of `organisations/`: departments and relying parties.
export { createOrganisation } from './create-organisation.js';
export { getDepartment, getOrganisation } from './get-organisation.js';
export { type ListOrganisationsQuery, listOrganisations, type OrganisationPage } from './list-organisations.js';
export {
  ORGANISATION_KINDS,
  type Organisation,
  type OrganisationInput,
  type OrganisationKind,
  parseOrganisationInput,
} from './organisation.js';
