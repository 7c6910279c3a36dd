/**
 * The project's URLconf (the tutorial's mysite/urls.py): the polls app and the
 * admin. Kept apart from polls/urls.ts, as Django keeps them, so the polls app
 * bundles without the admin (test/wasm/size.test.ts).
 */
import { RedirectView, include, path, type IncludeTarget } from 'manouche';
import { site } from './admin';
import { polls, pollsWithFunctions } from './urls';

const project = (app: IncludeTarget) => [path('', RedirectView.asView({ url: '/polls/' })), path('polls/', include(app)), path('admin/', site.urls)];

export const urlpatterns = project(polls);

/** The same project with the function-view version of the polls app (tutorial parts 3 and 4). */
export const functionUrlpatterns = project(pollsWithFunctions);
