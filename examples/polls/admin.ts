/** The tutorial's polls/admin.py (part 7): Question with its list columns and filter, and Choice. */
import { site } from 'manouche/contrib/admin';
import { Choice, Question } from './models';

site.register(Question, {
  listDisplay: ['question_text', 'pub_date'],
  listFilter: ['pub_date'],
  searchFields: ['question_text'],
});
site.register(Choice, { listDisplay: ['choice_text', 'question', 'votes'] });

export { site };
