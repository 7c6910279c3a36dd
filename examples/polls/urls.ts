/** The Django tutorial's URLconf, as Manouche writes it (Django's polls/urls.py and mysite/urls.py). */
import { include, path } from 'manouche';
import * as views from './views';

export const polls = {
  appName: 'polls',
  urlpatterns: [
    path('', views.index, { name: 'index' }),
    path('<int:question_id>/', views.detail, { name: 'detail' }),
    path('<int:question_id>/results/', views.results, { name: 'results' }),
    path('<int:question_id>/vote/', views.vote, { name: 'vote' }),
  ],
};

export const urlpatterns = [
  path('', (): views.Page => [302, '', { location: '/polls/' }]),
  path('polls/', include(polls)),
];
