// Public surface of `printing/`: printed licences and annotated copies (docs/design/printed-licence.md).
export { printingServiceErrors } from './error-codes.js';
export {
  type PrintableLicence,
  type PrintedPdf,
  type PrintOptions,
  printHolderLicence,
  printLicence,
  renderAnnotatedCopyPdf,
  renderLicencePdf,
} from './print-licence.js';
export { printingPermissions } from './printing.permissions.js';
export { registerPrintingRoutes } from './printing.routes.js';
