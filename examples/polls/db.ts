/** The embedded sql.js database, created and seeded at start (migrations arrive with issue 5). */
import { SqlJsBackend, connections, createTables } from 'manouche/db';
import { Choice, Question } from './models';

export async function setUpDatabase(): Promise<void> {
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [Question, Choice]);
  const day = 24 * 3600 * 1000;
  const seed: Array<[string, number, string[]]> = [
    ["What's new?", 2, ['Not much', 'The sky', 'Just hacking again']],
    ['Which framework has batteries included?', 1, ['Django', 'Manouche', 'Both']],
    ['Is this question from the future?', -30, ['Yes', 'No']],
  ];
  for (const [text, daysAgo, choices] of seed) {
    const question = await Question.objects.create({ question_text: text, pub_date: new Date(Date.now() - daysAgo * day) });
    for (const choice_text of choices) await Choice.objects.create({ question, choice_text });
  }
}
