// The API reference page (/api/reference): the OpenAPI document (/openapi/v1.json) as a list of
// operations, each with its method, path, role, summary, parameters and answers. Text only (no
// innerHTML), no script from elsewhere: the CSP allows this origin's scripts only.
import { el } from './dom.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The operations of an OpenAPI document, sorted by path then method: { method, path, role, summary, parameters, responses }. */
export function operationsOf(document) {
  const list = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      list.push({
        method: method.toUpperCase(),
        path,
        role: operation['x-required-role'] ?? '',
        summary: operation.summary ?? '',
        parameters: (operation.parameters ?? []).map(p => `${p.name} (${p.in}${p.required ? ', required' : ''})`),
        responses: Object.keys(operation.responses ?? {}),
      });
    }
  }
  return list.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

async function main() {
  const main = document.getElementById('operations');
  try {
    const response = await fetch('/openapi/v1.json', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    const operations = operationsOf(await response.json());
    main.replaceChildren(...operations.map(op => {
      const section = el('section', 'operation');
      section.dataset.method = op.method;
      section.dataset.path = op.path;
      const title = el('h2', 'operation-title');
      title.append(el('code', 'method', op.method), ' ', el('code', 'path', op.path));
      section.append(title);
      section.append(el('p', 'role', `Role: ${op.role}`));
      if (op.summary) section.append(el('p', 'summary', op.summary));
      if (op.parameters.length) section.append(el('p', 'parameters', `Parameters: ${op.parameters.join('; ')}`));
      section.append(el('p', 'responses', `Answers: ${op.responses.join(', ')}`));
      return section;
    }));
    document.body.dataset.state = 'live';
  } catch (error) {
    main.replaceChildren(el('p', 'error', `The API description could not be read: ${error.message}`));
    document.body.dataset.state = 'error';
  }
}

if (typeof document !== 'undefined') main();
