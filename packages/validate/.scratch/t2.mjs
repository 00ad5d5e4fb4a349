import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
const d = JSON.parse(readFileSync('generated/kubernetes/v1.33.json','utf8'));
for (const variant of ['true-formats','fn-formats']) {
let t=performance.now();
const ajv = new Ajv({strict:false, allErrors:true, logger:false});
for (const f of ['int32','int64','double','float','byte','date-time','quantity','date','duration']) ajv.addFormat(f, variant==='true-formats' ? true : {type: f.startsWith('int')||f==='double'||f==='float' ? 'number':'string', validate: () => true});
ajv.addSchema({$id:'k8s', definitions: d.definitions});
const a = performance.now()-t; t=performance.now();
ajv.compile({$ref:'k8s#/definitions/io.k8s.api.apps.v1.Deployment'});
console.log(variant, a.toFixed(0), (performance.now()-t).toFixed(0));
}
