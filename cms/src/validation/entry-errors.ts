import { errors } from '@strapi/utils';

/**
 * A ValidationError naming the field, shaped like Strapi's own so the admin highlights the field
 * and REST clients get `error.details.errors[].path`.
 */
export function fieldError(typeName: string, entryLabel: string, field: string, problem: string, value?: unknown) {
  const message = `${typeName} "${entryLabel}": field "${field}" ${problem}`;
  return new errors.ValidationError(message, {
    errors: [{ path: [field], message, name: 'ValidationError', value }],
  });
}
