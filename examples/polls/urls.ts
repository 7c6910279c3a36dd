/** The tutorial's polls/urls.py (app_name = 'polls'); the project's URLconf is root-urls.ts. */
import { path } from 'manouche';
import * as views from './views';

/** The generic-view version (the tutorial's final polls/urls.py). */
export const polls = {
  appName: 'polls',
  urlpatterns: [
    path('', views.IndexView.asView(), { name: 'index' }),
    path('<int:pk>/', views.DetailView.asView(), { name: 'detail' }),
    path('<int:pk>/results/', views.ResultsView.asView(), { name: 'results' }),
    path('<int:question_id>/vote/', views.vote, { name: 'vote' }),
  ],
};

/** The function-view version (tutorial parts 3 and 4). */
export const pollsWithFunctions = {
  appName: 'polls',
  urlpatterns: [
    path('', views.index, { name: 'index' }),
    path('<int:question_id>/', views.detail, { name: 'detail' }),
    path('<int:question_id>/results/', views.results, { name: 'results' }),
    path('<int:question_id>/vote/', views.vote, { name: 'vote' }),
  ],
};
