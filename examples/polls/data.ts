/**
 * The tutorial's questions and choices, in memory until the ORM lands on main
 * (then this app moves to models on the embedded sql.js database).
 */
export interface Choice {
  text: string;
  votes: number;
}
export interface Question {
  id: number;
  text: string;
  published: string;
  choices: Choice[];
}

export const questions: Question[] = [
  { id: 1, text: "What's new?", published: '2026-11-20', choices: [{ text: 'Not much', votes: 0 }, { text: 'The sky', votes: 0 }] },
  { id: 2, text: 'Which framework?', published: '2026-11-24', choices: [{ text: 'Django', votes: 3 }, { text: 'Manouche', votes: 5 }] },
];
