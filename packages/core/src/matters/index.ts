// Public surface of `matters/`: everything other code may import from here.
export {
  FORM_FIELD_TYPES,
  type FormFieldType,
  HOLDER_ATTRIBUTE_PATHS,
  HOLDER_ATTRIBUTES,
  type HolderAttribute,
  MAPPABLE_METADATA,
  type MappableMetadata,
  type MappablePath,
  mappableLicencePaths,
} from './form-field.js';
export type {
  FieldSource,
  FormField,
  FormValue,
  HolderCategoryOfMatter,
  LicencePath,
  Material,
  MatterContent,
  MatterOutput,
  OutputFaceValue,
} from './matter.js';
