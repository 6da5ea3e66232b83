// Checks objects rendered by planton-ds against the upstream Kubernetes API:
//
//  1. the OpenAPI schema of each object's kind (types, required fields, formats), with
//     the validators that the npm package kubernetes-models compiles from the official
//     OpenAPI documents;
//  2. strict field names, as `kubectl apply --validate=strict` would: every field must
//     exist in the Kubernetes type it is written in (OpenAPI documents do not forbid
//     unknown fields, so (1) alone would let a misspelled field through). The type
//     tables come from the official JavaScript client, @kubernetes/client-node;
//  3. with --yaml, that the YAML stream reads back (js-yaml, YAML 1.2) to exactly the
//     items of the JSON List.
//
// Usage: node check.mjs LIST.json [--yaml STREAM.yaml]
// Prints one line per problem and exits 1 when there is any; prints "ok: N objects".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { loadAll } from "js-yaml";

const require = createRequire(import.meta.url);
const modelsDir = path.join(
  path.dirname(require.resolve("@kubernetes/client-node/package.json")),
  "dist/gen/models",
);

// apiVersion -> [kubernetes-models folder, client-node type prefix]
const groups = {
  v1: ["v1", "V1"],
  "apps/v1": ["apps/v1", "V1"],
  "rbac.authorization.k8s.io/v1": ["rbac.authorization.k8s.io/v1", "V1"],
};

const typeCache = new Map();
async function attributes(typeName) {
  if (!typeCache.has(typeName)) {
    const mod = await import(path.join(modelsDir, `${typeName}.js`));
    typeCache.set(typeName, mod[typeName].getAttributeTypeMap());
  }
  return typeCache.get(typeName);
}

const leafTypes = new Set(["string", "number", "boolean", "Date", "any", "object", "IntOrString"]);

async function strictFields(value, typeName, where, problems) {
  if (value === null || value === undefined || leafTypes.has(typeName)) return;
  let m = /^Array<(.+)>$/.exec(typeName);
  if (m) {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) await strictFields(value[i], m[1], `${where}[${i}]`, problems);
    }
    return;
  }
  m = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (m) {
    for (const [k, v] of Object.entries(value)) await strictFields(v, m[1], `${where}.${k}`, problems);
    return;
  }
  if (typeof value !== "object" || Array.isArray(value)) return; // types are (1)'s job
  const attrs = await attributes(typeName);
  for (const [key, v] of Object.entries(value)) {
    const attr = attrs.find((a) => a.baseName === key);
    if (!attr) {
      problems.push(`${where}.${key}: unknown field (not in ${typeName})`);
      continue;
    }
    await strictFields(v, attr.type, `${where}.${key}`, problems);
  }
}

async function checkObject(obj, problems) {
  const id = `${obj?.kind}/${obj?.metadata?.name}`;
  const group = groups[obj?.apiVersion];
  if (!group) {
    problems.push(`${id}: apiVersion ${obj?.apiVersion} is not one planton-ds renders`);
    return;
  }
  let Model;
  try {
    Model = (await import(`kubernetes-models/${group[0]}/${obj.kind}`))[obj.kind];
  } catch {
    problems.push(`${id}: no schema for ${obj.apiVersion} ${obj.kind}`);
    return;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    problems.push(`${id}: ${e.message}`);
  }
  const before = problems.length;
  await strictFields(obj, `${group[1]}${obj.kind}`, id, problems);
  if (problems.length > before && process.env.DEBUG) console.error(JSON.stringify(obj));
}

function isDeepEqual(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

const args = process.argv.slice(2);
const listFile = args[0];
const yamlIndex = args.indexOf("--yaml");
if (!listFile) {
  console.error("usage: node check.mjs LIST.json [--yaml STREAM.yaml]");
  process.exit(2);
}
const list = JSON.parse(readFileSync(listFile, "utf8"));
const problems = [];
if (list.apiVersion !== "v1" || list.kind !== "List" || !Array.isArray(list.items)) {
  problems.push(`${listFile}: not a v1 List`);
} else {
  for (const item of list.items) await checkObject(item, problems);
  if (yamlIndex >= 0) {
    const docs = loadAll(readFileSync(args[yamlIndex + 1], "utf8")).filter((d) => d !== null);
    if (docs.length !== list.items.length) {
      problems.push(`YAML stream has ${docs.length} documents, JSON List ${list.items.length} items`);
    } else {
      docs.forEach((doc, i) => {
        if (!isDeepEqual(doc, list.items[i])) {
          problems.push(`YAML document ${i + 1} reads back differently from JSON item ${i + 1}`);
        }
      });
    }
  }
}
for (const p of problems) console.log(p);
if (problems.length) process.exit(1);
console.log(`ok: ${list.items.length} objects`);
