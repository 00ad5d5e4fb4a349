import { describe, expect, it } from 'vitest';
import { validate } from '../src/index.js';
import { hasGenerated, manifests } from './helpers.js';

describe.skipIf(!hasGenerated)('smoke', () => {
  it('flags spec.replica', async () => {
    const m = manifests(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replica: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx
          resource:
            limits: {cpu: 1}
          ports:
            - containerPort: "80"
`);
    const r = await validate(m);
    console.log(JSON.stringify(r, null, 1));
    expect(r.summary.invalid).toBe(1);
  });
});
