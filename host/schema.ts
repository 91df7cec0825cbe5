// JSON Schema validators (Ajv) compiled on their first use. Loading Ajv and compiling a schema costs about
// 0.1 s of CPU each: a command that reads no board, scenario or sensors file, or `--help`, does not pay it.
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';

const lazyRequire = createRequire(import.meta.url);

/** Called like Ajv's compiled function; `errors` holds the last call's errors. */
export interface Validator {
  (data: unknown): boolean;
  errors: ErrorObject[] | null | undefined;
}

export function lazyValidator(schema: object, options: Options): Validator {
  let compiled: ValidateFunction | undefined;
  const validate: Validator = Object.assign((data: unknown) => {
    compiled ??= new (lazyRequire('ajv') as typeof import('ajv')).Ajv(options).compile(schema);
    const ok = compiled(data);
    validate.errors = compiled.errors;
    return ok;
  }, { errors: null });
  return validate;
}
