// Validates every document of a multi-document YAML stream (stdin) against the Kubernetes OpenAPI
// schemas shipped in kubernetes-models: missing required fields, wrong types, bad enums/formats.
// Prints one line per problem ("<kind>/<name>: <message>") and exits 1 if there is any.
// (Unknown fields are not caught here: the schemas allow them. The Java side's fabric8 check does that.)
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

const input = readFileSync(0, 'utf8');
const problems = [];
for (const doc of yaml.loadAll(input)) {
  if (!doc || typeof doc !== 'object') continue;
  const { apiVersion = '', kind = '' } = doc;
  const id = `${kind}/${doc.metadata?.name ?? '?'}`;
  // Core kinds live in kubernetes-models/v1, the others in kubernetes-models/<group>/<version>.
  const module = `kubernetes-models/${apiVersion}`;
  let Model;
  try {
    Model = (await import(module))[kind];
  } catch (e) {
    Model = undefined;
  }
  if (!Model) { problems.push(`${id}: unknown apiVersion/kind ${apiVersion}/${kind}`); continue; }
  try {
    new Model(doc).validate();
  } catch (e) {
    problems.push(`${id}: ${String(e.message ?? e).replace(/\s+/g, ' ')}`);
  }
}
for (const p of problems) console.log(p);
process.exit(problems.length ? 1 : 0);
