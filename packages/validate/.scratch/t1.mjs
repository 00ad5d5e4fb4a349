import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
const d = JSON.parse(readFileSync('generated/kubernetes/v1.33.json','utf8'));
let t=Date.now();
const ajv = new Ajv({strict:false, allErrors:true, logger:false, code:{source:true}});
for (const f of ['int32','int64','double','float','byte','date-time','quantity']) ajv.addFormat(f, true);
ajv.addSchema({$id:'k8s', definitions: d.definitions});
console.log('add', Date.now()-t);
const kinds=[['apps/v1','Deployment'],['v1','Service'],['v1','ConfigMap'],['v1','Secret'],['apps/v1','StatefulSet'],['batch/v1','CronJob'],['v1','Pod'],['networking.k8s.io/v1','Ingress'],['apiextensions.k8s.io/v1','CustomResourceDefinition']];
const fns={};
for (const [av,k] of kinds){ t=Date.now(); fns[k]=ajv.compile({$ref:'k8s#/definitions/'+d.kinds[av][k].definition}); console.log(k, Date.now()-t, fns[k].source?.validateCode?.length ?? ''); }
const v=fns.Deployment;
v({apiVersion:'apps/v1',kind:'Deployment',metadata:{name:'x', labelz: {}},spec:{replica:1, selector:{}, template:{spec:{containers:[{name:'a',resource:{}, ports:[{containerPort:'80'}]}]}}}});
console.log(JSON.stringify(v.errors,null,1));
