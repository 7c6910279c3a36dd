/**
 * The tutorial's polls/admin.py, as part 7 leaves it: Question's change page
 * in two fieldsets with its choices edited inline (three empty rows), its
 * change list with columns, a filter and a search box; Choice has no page of
 * its own. (Part 7 also collapses the date fieldset; it stays open here, where
 * the offline demo's browser test fills it in.)
 */
import { TabularInline, display, site } from 'manouche/contrib/admin';
import { Choice, Question } from './models';

export class ChoiceInline extends TabularInline {
  override model = Choice;
  override extra = 3;
}

/** Question.was_published_recently with its @admin.display options (tutorial parts 5 and 7). */
export const wasPublishedRecently = display({ boolean: true, ordering: 'pub_date', description: 'Published recently?' }, (question: { pub_date: Date }) => {
  const now = Date.now();
  return question.pub_date.getTime() >= now - 86_400_000 && question.pub_date.getTime() <= now;
});

site.register(Question, {
  fieldsets: [
    [null, { fields: ['question_text'] }],
    ['Date information', { fields: ['pub_date'] }],
  ],
  inlines: [ChoiceInline],
  listDisplay: ['question_text', 'pub_date', wasPublishedRecently],
  listFilter: ['pub_date'],
  searchFields: ['question_text'],
});

export { site };
