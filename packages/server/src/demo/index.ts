// Public surface of `demo/`: the demo library of `npm start` (`hutong serve --demo`).
export { DEMO_TYPES, type DemoLicenceType, type DemoTypeKey } from './demo-catalogue.js';
export { DEMO_DEPARTMENTS, DEMO_RELYING_PARTIES } from './demo-organisations.js';
export { formatDemoAccounts } from './format-demo-accounts.js';
export {
  DEMO_REQUEST_ID,
  type DemoClientAccount,
  type DemoStaffAccount,
  type DemoSummary,
  type SeedDemoOptions,
  seedDemo,
} from './seed-demo.js';
