import { convertStructuralSchema } from '/work/main/packages/validate/dist/index.js';
import { loadYaml } from '/work/main/packages/core/dist/index.js';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
const raw = loadYaml(readFileSync('/work/shared/crds/kserve/serving.kserve.io_inferenceservices.yaml', 'utf8'), { file: 'x' }).documents[0].value.spec.versions[0].schema.openAPIV3Schema;
let t = performance.now();
const c = convertStructuralSchema(raw); console.log('convert', (performance.now()-t).toFixed(0)); t = performance.now();
const ajv = new Ajv({strict:false, logger:false}); ajv.addSchema({$id:'k8s', definitions:{}});
ajv.validateSchema(c.schema); console.log('validateSchema', (performance.now()-t).toFixed(0));
