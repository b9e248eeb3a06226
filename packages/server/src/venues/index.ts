// Public surface of `venues/`: entry registration (亮证登记) and the venue's register.
export { assertClientKind } from './client-kind.js';
export { venueErrors } from './error-codes.js';
export { listEntries, registerCsv, type VenueRegister } from './list-entries.js';
export { chinaDay, type RegisteredEntry, registerEntry, type VenueEntry } from './register-entry.js';
export { venuePermissions } from './venues.permissions.js';
export { registerVenueRoutes } from './venues.routes.js';
