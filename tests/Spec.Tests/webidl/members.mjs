// Reads the ```webidl blocks of a Markdown file, parses and validates them with webidl2, and
// prints what the spec lint compares (tests/Spec.Tests/UserAgent/WebIdlTests.cs) as JSON:
// { blocks, errors, interfaces: { name: { members, extAttrs } }, dictionaries: { name: members } }.
// Dictionary members include those inherited; an interface's constructor is named "constructor".
import { readFileSync } from 'node:fs';
import { parse, validate } from 'webidl2';

const markdown = readFileSync(process.argv[2], 'utf8');
const blocks = [...markdown.matchAll(/^```webidl\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const result = { blocks: blocks.length, errors: [], interfaces: {}, dictionaries: {} };

let tree = [];
try {
  tree = parse(blocks.join('\n'));
  result.errors.push(...validate(tree).map((e) => e.message));
} catch (error) {
  result.errors.push(String(error.message ?? error));
}

const extAttr = (a) => (a.rhs ? `${a.name}=${[a.rhs.value].flat().map((v) => v.value ?? v).join(',')}` : a.name);
const dictionaries = new Map(tree.filter((d) => d.type === 'dictionary').map((d) => [d.name, d]));
const dictionaryMembers = (d) => [
  ...(d.inheritance && dictionaries.has(d.inheritance) ? dictionaryMembers(dictionaries.get(d.inheritance)) : []),
  ...d.members.map((m) => m.name),
];

for (const definition of tree) {
  if (definition.type === 'interface') {
    result.interfaces[definition.name] = {
      members: [...new Set(definition.members.map((m) => (m.type === 'constructor' ? 'constructor' : m.name)))],
      extAttrs: definition.extAttrs.map(extAttr),
      inheritance: definition.inheritance,
    };
  } else if (definition.type === 'dictionary') {
    result.dictionaries[definition.name] = dictionaryMembers(definition);
  }
}

console.log(JSON.stringify(result));
