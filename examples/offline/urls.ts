/** The demo's URLconf: the front page, the polls app (examples/polls' own URLconf) and the admin. */
import { include, path } from 'manouche';
import { polls } from '../polls/urls';
import { site } from '../polls/admin';
import { home } from './home';

export const urlpatterns = [path('', home, { name: 'home' }), path('polls/', include(polls)), path('admin/', site.urls)];
