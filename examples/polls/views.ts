/** The polls views, returning [status, html] until the HTTP layer lands. */
import { reverse } from 'manouche';
import { questions } from './data';

export type Page = [status: number, html: string, headers?: Record<string, string>];

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' })[c]!);

const layout = (title: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body>${body}</body></html>`;

export function index(): Page {
  const items = questions
    .map((q) => `<li><a href="${reverse('polls:detail', { args: [q.id] })}">${escape(q.text)}</a></li>`)
    .join('');
  return [200, layout('Polls', `<h1>Latest questions</h1><ul>${items}</ul>`)];
}

function find(id: number) {
  return questions.find((q) => q.id === id);
}

export function detail(_request: unknown, { question_id }: { question_id: number }): Page {
  const q = find(question_id);
  if (!q) return [404, layout('Not found', '<h1>No such question</h1>')];
  const choices = q.choices
    .map((c, i) => `<li><a href="${reverse('polls:vote', { args: [q.id], query: { choice: i } })}">${escape(c.text)}</a></li>`)
    .join('');
  return [200, layout(q.text, `<h1>${escape(q.text)}</h1><ul>${choices}</ul><a href="${reverse('polls:index')}">Back</a>`)];
}

export function results(_request: unknown, { question_id }: { question_id: number }): Page {
  const q = find(question_id);
  if (!q) return [404, layout('Not found', '<h1>No such question</h1>')];
  const rows = q.choices.map((c) => `<li>${escape(c.text)} — ${c.votes} vote${c.votes === 1 ? '' : 's'}</li>`).join('');
  return [200, layout(q.text, `<h1>${escape(q.text)}</h1><ul>${rows}</ul><a href="${reverse('polls:detail', { args: [q.id] })}">Vote again?</a>`)];
}

export function vote(request: { url: URL }, { question_id }: { question_id: number }): Page {
  const q = find(question_id);
  const choice = q?.choices[Number(request.url.searchParams.get('choice'))];
  if (!q || !choice) return [404, layout('Not found', '<h1>No such choice</h1>')];
  choice.votes++;
  return [302, '', { location: reverse('polls:results', { args: [q.id] }) }];
}
