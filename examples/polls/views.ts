/**
 * The tutorial's views (polls/views.py), returning [status, html, headers]
 * until the HTTP layer brings HttpResponse, render() and get_object_or_404().
 */
import { F } from 'manouche/db';
import { Engine } from 'manouche/template';
import { reverse } from 'manouche';
import { Choice, Question } from './models';
import { templates } from './templates';

export type Page = [status: number, html: string, headers?: Record<string, string>];
export interface Request {
  method: string;
  url: URL;
  POST: URLSearchParams;
}

const engine = new Engine({ templates });
const render = (name: string, context: Record<string, unknown>): Page => [200, engine.getTemplate(name).render(context)];
const notFound: Page = [404, '<h1>Not Found</h1><p>No Question matches the given query.</p>'];

async function questionOr404(id: number) {
  try {
    return await Question.objects.get({ pk: id });
  } catch (error) {
    if (error instanceof Question.DoesNotExist) return null;
    throw error;
  }
}

export async function index(): Promise<Page> {
  const latest_question_list = await Question.objects.filter({ pub_date__lte: new Date() }).orderBy('-pub_date').slice(0, 5);
  return render('polls/index.html', { latest_question_list });
}

export async function detail(_request: Request, { question_id }: { question_id: number }): Promise<Page> {
  const question = await questionOr404(question_id);
  if (!question) return notFound;
  const choices = await Choice.objects.filter({ question: question_id });
  return render('polls/detail.html', { question, choices });
}

export async function results(_request: Request, { question_id }: { question_id: number }): Promise<Page> {
  const question = await questionOr404(question_id);
  if (!question) return notFound;
  const choices = await Choice.objects.filter({ question: question_id });
  return render('polls/results.html', { question, choices });
}

export async function vote(request: Request, { question_id }: { question_id: number }): Promise<Page> {
  const question = await questionOr404(question_id);
  if (!question) return notFound;
  if (request.method !== 'POST') return [405, 'Method Not Allowed', { allow: 'POST' }];
  const choiceId = Number(request.POST.get('choice'));
  // F('votes') + 1: the increment happens in the database, as in the tutorial.
  const updated = Number.isSafeInteger(choiceId) ? await Choice.objects.filter({ pk: choiceId, question: question_id }).update({ votes: F('votes').add(1) }) : 0;
  if (updated === 0) {
    const choices = await Choice.objects.filter({ question: question_id });
    const [, html] = render('polls/detail.html', { question, choices, error_message: "You didn't select a choice." });
    return [200, html];
  }
  return [302, '', { location: reverse('polls:results', { args: [question_id] }) }];
}
