/**
 * The polls app as the browser build installs it: the same templates and
 * migrations as examples/polls, and its static/ folder turned into a module
 * at build time (there is no file system to find it in).
 */
import { defineApp } from 'manouche';
import initial from '../polls/migrations/0001_initial';
import { templates } from '../polls/templates';
import staticFiles from '../polls/static/?files';

export const PollsConfig = defineApp({ name: 'polls', verboseName: 'Polls', templates, staticFiles, migrations: { '0001_initial': initial } });
