/** Holds real answers to an OpenAPI document: the status is listed for the route, and the body fits its schema. */
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenAPIObject } from 'openapi3-ts/oas31';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export interface Answer {
  method: string;
  /** The concrete path, without query. */
  path: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Validates the document, then returns a checker for answers: it throws naming what does not fit. */
export async function openApiChecker(document: OpenAPIObject): Promise<(answer: Answer) => void> {
  await SwaggerParser.validate(structuredClone(document) as never);
  const resolved = (await SwaggerParser.dereference(structuredClone(document) as never)) as unknown as OpenAPIObject;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv, ['uuid', 'date', 'date-time']);
  // A literal path (…/api/openapi.json) wins over a template that also matches it (…/api/{id}).
  const templates = Object.keys(resolved.paths ?? {}).sort((a, b) => Number(a.includes('{')) - Number(b.includes('{')));
  const matches = (template: string, path: string): boolean =>
    new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(path);

  return ({ method, path, status, headers, body }) => {
    const where = `${method} ${path} → ${status}`;
    const template = templates.find((t) => matches(t, path));
    if (!template) throw new Error(`${where}: no path of the document matches`);
    const operation = resolved.paths![template][method.toLowerCase() as 'get'];
    if (!operation) throw new Error(`${where}: ${template} has no ${method}`);
    const response = operation.responses?.[String(status)];
    if (!response) throw new Error(`${where}: status not listed (has ${Object.keys(operation.responses ?? {}).join(', ')})`);
    const schema = response.content?.['application/json']?.schema;
    if (schema && !ajv.validate(schema, body)) throw new Error(`${where}: body ${JSON.stringify(body)} does not fit: ${ajv.errorsText()}`);
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if ((header as { required?: boolean }).required && headers[name] === undefined) throw new Error(`${where}: header ${name} missing`);
    }
  };
}
