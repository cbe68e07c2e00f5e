/**
 * Payload validation (docs/contract.md §2): closed objects, closed enums, real integers, bounds,
 * uuid/date formats. Every violation is reported with the field it concerns.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ErrorDetail } from '@egg/shared-contract';
import type { EntitySchema } from './declaration.ts';

// ajv-formats is CJS with a default export; under NodeNext the namespace object arrives.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type Validator = (payload: unknown) => ErrorDetail[];

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv, ['uuid', 'date']);

function detailOf(error: ErrorObject): ErrorDetail {
  switch (error.keyword) {
    case 'required':
      return { path: `${error.instancePath}/${String(error.params.missingProperty)}`, message: 'is required' };
    case 'additionalProperties':
      return { path: `${error.instancePath}/${String(error.params.additionalProperty)}`, message: 'is not a known field' };
    case 'enum':
      return {
        path: error.instancePath,
        message: `must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`,
      };
    default:
      return { path: error.instancePath, message: error.message ?? 'is invalid' };
  }
}

export function compileValidator(schema: EntitySchema): Validator {
  const validate = ajv.compile({ ...schema, additionalProperties: false });
  return (payload) => (validate(payload) ? [] : (validate.errors ?? []).map(detailOf));
}

export const isUuid = (value: unknown): boolean =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
