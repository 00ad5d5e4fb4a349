import { convertStructuralSchema } from '/work/main/packages/validate/dist/index.js';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const file = process.argv[2] ?? 'serving.kserve.io_inferenceservices.json';
const cat = JSON.parse(readFileSync('generated/crd-catalog/'+file,'utf8')).versions.at(-1).schema;
const conv = convertStructuralSchema(cat).schema;
delete conv.properties.metadata;
function dedupe(root, min = Number(process.env.MIN ?? 400)) {
  const counts = new Map();
  const str = (n) => { const s = JSON.stringify(n); return s; };
  const count = (n) => { if (!n || typeof n !== 'object') return; if (Array.isArray(n)) return n.forEach(count);
    const s = str(n); if (s.length >= min) counts.set(s, (counts.get(s) ?? 0) + 1); for (const v of Object.values(n)) count(v); };
  count(root);
  const defs = {}; const names = new Map(); let i = 0;
  const rewrite = (n, top) => { if (!n || typeof n !== 'object') return n; if (Array.isArray(n)) return n.map((x) => rewrite(x));
    if (!top) { const s = str(n); if ((counts.get(s) ?? 0) > 1) { let name = names.get(s); if (!name) { name = 'crd.s' + (i++); names.set(s, name); defs[name] = rewrite(n, true); } return { $ref: '#/definitions/' + name }; } }
    const out = {}; for (const [k, v] of Object.entries(n)) out[k] = (k === 'properties' || k === 'patternProperties') ? Object.fromEntries(Object.entries(v).map(([p, x]) => [p, rewrite(x)])) : rewrite(v); return out; };
  const r = rewrite(root, true); r.definitions = defs; return r;
}
for (const [label, schema, opts] of [['dedupe inline=true', dedupe(conv), {}], ['dedupe inline=8', dedupe(conv), {inlineRefs: 8}], ['dedupe inline=false', dedupe(conv), {inlineRefs: false}]]) {
  let t = performance.now();
  const ajv = new Ajv({strict:false, allErrors:true, logger:false, ...opts});
  const fn = ajv.compile(schema);
  console.log(label, Object.keys(schema.definitions).length, JSON.stringify(schema).length, (performance.now()-t).toFixed(0));
}
