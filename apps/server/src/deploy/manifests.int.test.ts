// The deployment files as shipped: each Kubernetes overlay renders with `kubectl kustomize` and every object
// validates against the Kubernetes JSON schemas of the kubernetes-models package; the compose file and the
// Dockerfile have what the deployment needs. (`docker compose config` is not run: no compose plugin here.)
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { inCi } from '../testing/databases.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const overlays = ['development', 'production', 'production-keda'];

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
}

const kubectlMissing = await run('kubectl', ['version', '--client']).then(
  () => false,
  () => true,
);
if (kubectlMissing) {
  if (inCi) throw new Error('kubectl is required in CI to render the kustomize overlays');
  console.warn('Skipping the Kubernetes overlays: kubectl is not installed');
}

/** The kubernetes-models class for an object, e.g. apps/v1 Deployment → kubernetes-models/apps/v1/Deployment. */
async function modelOf(object: K8sObject) {
  const path = `kubernetes-models/${object.apiVersion}/${object.kind}`;
  const module = (await import(path)) as Record<string, new (data: unknown) => { validate(): void }>;
  return module[object.kind]!;
}

async function render(overlay: string): Promise<K8sObject[]> {
  const { stdout } = await run('kubectl', ['kustomize', join(root, 'deploy', 'k8s', 'overlays', overlay)]);
  return parseAllDocuments(stdout).map((document) => document.toJSON() as K8sObject);
}

describe.skipIf(kubectlMissing).each(overlays)('the %s overlay', (overlay) => {
  it('renders, and every object validates against the Kubernetes schemas', async () => {
    const objects = await render(overlay);
    const kinds = objects.map((o) => o.kind).sort();
    expect(kinds).toEqual(
      expect.arrayContaining([
        'ConfigMap',
        'Deployment',
        'Job',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Secret',
      ]),
    );
    for (const object of objects) {
      if (object.apiVersion === 'keda.sh/v1alpha1') continue; // no schema shipped for Node 20; checked below
      const Model = await modelOf(object);
      expect(() => new Model(object).validate(), `${object.kind} ${object.metadata.name}`).not.toThrow();
    }
    const deployments = objects.filter((o) => o.kind === 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['frontdesk-serve', 'frontdesk-worker']);
    for (const deployment of deployments) {
      const container = (
        deployment.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }
      ).template.spec.containers[0]!;
      expect(container).toHaveProperty('livenessProbe');
      expect(container).toHaveProperty('readinessProbe');
      expect(container).toHaveProperty('resources.requests.cpu');
    }
    // The worker is probed and scraped on its own metrics and health listener.
    const worker = deployments.find((d) => d.metadata.name === 'frontdesk-worker')!.spec as {
      template: { spec: { containers: Array<Record<string, unknown>> } };
    };
    expect(worker.template.spec.containers[0]).toMatchObject({
      ports: [{ name: 'metrics', containerPort: 9464 }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'metrics' } },
      readinessProbe: { httpGet: { path: '/healthz', port: 'metrics' } },
    });
  });
});

describe.skipIf(kubectlMissing)('autoscaling', () => {
  it('scales serve on CPU and worker on queue depth, or through KEDA in production-keda', async () => {
    const production = await render('production');
    const hpa = (name: string) =>
      production.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === name)!.spec!;
    expect(hpa('frontdesk-serve')).toMatchObject({
      metrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
    });
    expect(hpa('frontdesk-worker')).toMatchObject({
      metrics: [{ type: 'External', external: { metric: { name: 'frontdesk_task_queue_depth' } } }],
    });
    const keda = await render('production-keda');
    expect(keda.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name)).toEqual([
      'frontdesk-serve',
    ]);
    const scaled = keda.find((o) => o.kind === 'ScaledObject')!;
    expect(scaled.spec).toMatchObject({
      scaleTargetRef: { name: 'frontdesk-worker' },
      triggers: [{ type: 'prometheus', metadata: { query: 'max(frontdesk_task_queue_depth)' } }],
    });
  });
});

describe('docker', () => {
  it('composes the data services, a one-shot migration, two serve, two worker, Prometheus and Grafana', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { image?: string; command?: string[]; depends_on?: Record<string, unknown> }>;
    };
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(
      [
        'grafana',
        'migrate',
        'nats',
        'postgres',
        'prometheus',
        'redis',
        'serve-1',
        'serve-2',
        'worker-1',
        'worker-2',
      ].sort(),
    );
    expect(services.postgres!.image).toMatch(/^pgvector\/pgvector:/);
    expect(services.migrate!.command).toEqual(['migrate']);
    expect(services['serve-2']!.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(services['worker-1']!.command).toEqual(['worker']);
    const prometheus = readFileSync(join(root, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8');
    expect(prometheus).toContain("targets: ['worker-1:9464', 'worker-2:9464']");
  });

  it('builds on Node 20 slim in two stages, runs as a non-root user and checks its health', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM node:20-slim AS \w+/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/npm run build:web/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/health\/live/m);
  });
});
