// The folder half of `npm run cycles`: dpdm finds cycles between files; this finds cycles between the server's
// feature folders (type-only imports included) and product code that reaches into test support.
import { parseDependencyTree } from 'dpdm';

const source = 'apps/server/src/';
const isTest = (file: string) => /\.test\.ts$/.test(file) || file.startsWith(`${source}testing/`);

/** The node a file belongs to: its top-level folder under src/, or the root file itself (config.ts, …). */
const nodeOf = (file: string): string | undefined =>
  file.startsWith(source) ? file.slice(source.length).split('/')[0] : undefined;

const tree = await parseDependencyTree([`${source}**/*.ts`], { transform: false, skipDynamicImports: false });

const edges = new Map<string, Map<string, string>>();
const problems: string[] = [];
for (const [file, dependencies] of Object.entries(tree)) {
  if (isTest(file)) continue;
  const from = nodeOf(file);
  if (!from) continue;
  for (const dependency of dependencies ?? []) {
    const target = dependency.id;
    if (!target) continue;
    if (target.startsWith(source) && isTest(target)) {
      problems.push(`product code imports test support: ${file} -> ${target}`);
    }
    const to = nodeOf(target);
    if (!to || to === from) continue;
    const out = edges.get(from) ?? new Map<string, string>();
    if (!out.has(to)) out.set(to, `${file} -> ${target}`);
    edges.set(from, out);
  }
}

// Tarjan's strongly connected components: every component of more than one folder is a tangle.
let index = 0;
const order = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
function visit(node: string): void {
  order.set(node, index);
  low.set(node, index++);
  stack.push(node);
  onStack.add(node);
  for (const next of edges.get(node)?.keys() ?? []) {
    if (!order.has(next)) {
      visit(next);
      low.set(node, Math.min(low.get(node)!, low.get(next)!));
    } else if (onStack.has(next)) {
      low.set(node, Math.min(low.get(node)!, order.get(next)!));
    }
  }
  if (low.get(node) !== order.get(node)) return;
  const component: string[] = [];
  let member: string | undefined;
  do {
    member = stack.pop()!;
    onStack.delete(member);
    component.push(member);
  } while (member !== node);
  if (component.length < 2) return;
  const inside = new Set(component);
  const links = component.flatMap((from) =>
    [...(edges.get(from) ?? [])].filter(([to]) => inside.has(to)).map(([, example]) => `    ${example}`),
  );
  problems.push(`folders import each other: ${component.sort().join(', ')}\n${links.join('\n')}`);
}
for (const node of edges.keys()) if (!order.has(node)) visit(node);

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`No folder cycles among ${edges.size} folders, and no product code imports test support.`);
