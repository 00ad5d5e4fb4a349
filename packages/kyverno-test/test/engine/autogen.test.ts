import { describe, expect, it } from 'vitest';
import { autogenControllers, canAutoGen, generateRule } from '../../src/engine/autogen/autogen.js';
import { compilePolicy } from '../../src/engine/index.js';

const podRule = {
  name: 'check-image',
  match: { any: [{ resources: { kinds: ['Pod'], namespaces: ['prod'] } }] },
  preconditions: { all: [{ key: '{{ request.object.metadata.name }}', operator: 'NotEquals', value: '' }] },
  validate: {
    message: 'image of {{ request.object.metadata.name }}',
    pattern: { spec: { containers: [{ image: '!*:latest' }] } },
  },
};

describe('autogen', () => {
  it('generates nothing for a Pod rule that only verifies manifests, and drops manifests beside a pattern', () => {
    const manifests = { attestors: [{ entries: [{ keys: { publicKeys: '-----BEGIN PUBLIC KEY-----' } }] }] };
    expect(generateRule({ ...podRule, validate: { manifests } }, 'Deployment')).toBeUndefined();
    const both = generateRule({ ...podRule, validate: { ...podRule.validate, manifests } }, 'Deployment')!;
    const validate = both.validate as Record<string, unknown>;
    expect(validate.manifests).toBeUndefined();
    expect(validate.pattern).toBeDefined();
  });

  it('clones Pod rules for controllers with wrapped patterns and rewritten variables', () => {
    const dep = generateRule(podRule, 'Deployment')!;
    expect(dep.name).toBe('autogen-check-image');
    expect(dep.match).toEqual({
      any: [{ resources: { kinds: ['apps/v1/Deployment'], namespaces: ['prod'] } }],
    });
    expect((dep.validate as any).pattern).toEqual({
      spec: { template: { spec: { containers: [{ image: '!*:latest' }] } } },
    });
    expect((dep.validate as any).message).toBe('image of {{ request.object.spec.template.metadata.name }}');
    const cron = generateRule(podRule, 'CronJob')!;
    expect(cron.name).toBe('autogen-cronjob-check-image');
    expect((cron.preconditions as any).all[0].key).toBe(
      '{{ request.object.spec.jobTemplate.spec.template.metadata.name }}',
    );
    expect((cron.validate as any).pattern.spec.jobTemplate.spec.template.spec).toBeDefined();
  });
  it('truncates generated names to 63 characters', () => {
    expect(generateRule({ ...podRule, name: 'x'.repeat(70) }, 'Job')!.name).toHaveLength(63);
  });
  it('is disabled by names/selector/annotations and by Pod mixed with other kinds', () => {
    const withSel = {
      ...podRule,
      match: { any: [{ resources: { kinds: ['Pod'], selector: { matchLabels: { a: 'b' } } } }] },
    };
    expect(canAutoGen([withSel])).toBe(false);
    expect(canAutoGen([{ ...podRule, match: { resources: { kinds: ['Pod', 'Service'] } } }])).toBe(false);
    expect(canAutoGen([{ ...podRule, match: { resources: { kinds: ['Service'] } } }])).toBe(false);
    expect(canAutoGen([podRule])).toBe(true);
  });
  it('honours the autogen-controllers annotation', () => {
    expect([
      ...autogenControllers([podRule], { 'pod-policies.kyverno.io/autogen-controllers': 'none' }),
    ]).toEqual([]);
    expect([
      ...autogenControllers([podRule], {
        'pod-policies.kyverno.io/autogen-controllers': 'Deployment,CronJob',
      }),
    ]).toEqual(['Deployment', 'CronJob']);
    expect(autogenControllers([podRule], {}).size).toBe(7);
  });
  it('compilePolicy lists generated rules and their base rule', () => {
    const { policy } = compilePolicy({
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: { name: 'p' },
      spec: { rules: [podRule] },
    });
    expect(policy!.rules.map((r) => r.name)).toEqual([
      'check-image',
      'autogen-check-image',
      'autogen-cronjob-check-image',
    ]);
    expect(policy!.rules[1]).toMatchObject({ baseName: 'check-image', autogen: true });
    expect(policy!.rules[1]!.autogenKinds).toContain('Deployment');
  });
});
