/** The corpus schema: the default, its validation, and checks of stored values against it. */
export { DEFAULT_SCHEMA } from './default-schema.js';
export { ATTRIBUTE_TYPES, SCHEMA_NAME_PATTERN, schemaProblems, validateSchema, type SchemaPath, type SchemaProblem } from './validate-schema.js';
export { checkSpanValues, describeValue, type SpansById, type UnfitValue } from './check-span-values.js';
export { checkRelations, type RelationProblem } from './check-relations.js';
export { findReferenceCycles } from './reference-cycles.js';
export { schemaChangeReport, type SchemaChangeUnfit } from './schema-change-report.js';
