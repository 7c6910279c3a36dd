/** The tutorial's models (Django's polls/models.py). */
import { CASCADE, CharField, DateTimeField, ForeignKey, IntegerField, defineModel } from 'manouche/db';

export const Question = defineModel(
  'polls.Question',
  {
    question_text: CharField({ maxLength: 200 }),
    pub_date: DateTimeField({ verboseName: 'date published' }),
  },
  { ordering: ['-pub_date'] },
);

export const Choice = defineModel('polls.Choice', {
  question: ForeignKey(() => Question, { onDelete: CASCADE, relatedName: 'choices' }),
  choice_text: CharField({ maxLength: 200 }),
  votes: IntegerField({ default: 0 }),
});

// The tutorial's __str__ (part 2): what the admin and the shell show for an object.
Object.defineProperty(Question.prototype, 'toString', { value: function (this: { question_text: string }) { return this.question_text; } });
Object.defineProperty(Choice.prototype, 'toString', { value: function (this: { choice_text: string }) { return this.choice_text; } });
