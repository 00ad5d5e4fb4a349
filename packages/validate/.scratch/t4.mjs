import { convertStructuralSchema } from '/work/main/packages/validate/dist/index.js';
import { loadYaml } from '/work/main/packages/core/dist/index.js';
import { readFileSync } from 'node:fs';
const raw = loadYaml(readFileSync('/work/shared/crds/kserve/serving.kserve.io_inferenceservices.yaml', 'utf8'), { file: 'x' }).documents[0].value.spec.versions[0].schema.openAPIV3Schema;
const cat = JSON.parse(readFileSync('generated/crd-catalog/serving.kserve.io_inferenceservices.json','utf8')).versions[0].schema;
const a = convertStructuralSchema(raw).schema, b = convertStructuralSchema(cat).schema;
const sa = JSON.stringify(a), sb = JSON.stringify(b);
console.log(sa.length, sb.length);
// find first differing path
function diff(x, y, p) { if (JSON.stringify(x) === JSON.stringify(y)) return; if (typeof x !== 'object' || typeof y !== 'object' || !x || !y) { console.log(p, JSON.stringify(x)?.slice(0,200), JSON.stringify(y)?.slice(0,200)); return true; }
 const keys = new Set([...Object.keys(x), ...Object.keys(y)]); for (const k of keys) { if (diff(x[k], y[k], p + '/' + k)) return true; } console.log('keyorder?', p); return true; }
diff(a, b, '');
