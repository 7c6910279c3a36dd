/**
 * The tutorial's views (polls/views.py): first as functions (part 3 and
 * 4), then the generic-view version the tutorial ends with (IndexView,
 * DetailView, ResultsView); vote stays a function in both.
 */
import { F } from 'manouche/db';
import { DetailView as GenericDetailView, HttpResponseRedirect, ListView, type HttpRequest, getObjectOr404, render, reverse } from 'manouche';
import { Choice, Question } from './models';

type Params = { question_id: number };

// --- Part 3: function views -------------------------------------------------

export async function index(request: HttpRequest) {
  const latest_question_list = await Question.objects.filter({ pub_date__lte: new Date() }).orderBy('-pub_date').slice(0, 5);
  return render(request, 'polls/index.html', { latest_question_list });
}

export async function detail(request: HttpRequest, { question_id }: Params) {
  const question = await getObjectOr404(Question, { pk: question_id, pub_date__lte: new Date() });
  const choices = await Choice.objects.filter({ question });
  return render(request, 'polls/detail.html', { question, choices });
}

export async function results(request: HttpRequest, { question_id }: Params) {
  const question = await getObjectOr404(Question, { pk: question_id });
  const choices = await Choice.objects.filter({ question });
  return render(request, 'polls/results.html', { question, choices });
}

// --- Part 4: the form's target ------------------------------------------------

export async function vote(request: HttpRequest, { question_id }: Params) {
  const question = await getObjectOr404(Question, { pk: question_id });
  let selected;
  try {
    selected = await Choice.objects.get({ question, pk: request.POST.getItem('choice') });
  } catch (error) {
    if (!(error instanceof Error) || !['MultiValueDictKeyError', 'Choice.DoesNotExist'].includes(error.name)) throw error;
    // Redisplay the question voting form.
    const choices = await Choice.objects.filter({ question });
    return render(request, 'polls/detail.html', { question, choices, error_message: "You didn't select a choice." });
  }
  // F('votes') + 1: the increment happens in the database, so two votes at once both count.
  (selected as { votes: unknown }).votes = F('votes').add(1);
  await selected.save();
  // Always redirect after a successful POST, so the back button cannot post twice.
  return new HttpResponseRedirect(reverse('polls:results', { args: [question.id] }));
}

// --- Part 4, end: generic views -------------------------------------------------

export class IndexView extends ListView {
  override templateName = 'polls/index.html';
  override contextObjectName = 'latest_question_list';

  /** The last five published questions (not those set to be published in the future). */
  override getQueryset() {
    return Question.objects.filter({ pub_date__lte: new Date() }).orderBy('-pub_date').slice(0, 5) as never;
  }
}

export class DetailView extends GenericDetailView {
  override model = Question as never;
  override templateName = 'polls/detail.html';

  /** Excludes questions that aren't published yet. */
  override getQueryset() {
    return Question.objects.filter({ pub_date__lte: new Date() }) as never;
  }

  override async getContextData(kwargs: Record<string, unknown> = {}) {
    // Templates render synchronously: the choices are read here, not through question.choices in the template.
    return super.getContextData({ ...kwargs, choices: await Choice.objects.filter({ question: this.object }) });
  }
}

export class ResultsView extends DetailView {
  override templateName = 'polls/results.html';
  override getQueryset() {
    return Question.objects.all() as never;
  }
}
