/** The tutorial's URLconfs (polls/urls.py with app_name = 'polls', and mysite/urls.py). */
import { RedirectView, include, path } from 'manouche';
import { site } from './admin';
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

export const urlpatterns = [path('', RedirectView.asView({ url: '/polls/' })), path('polls/', include(polls)), path('admin/', site.urls)];

export const functionUrlpatterns = [path('', RedirectView.asView({ url: '/polls/' })), path('polls/', include(pollsWithFunctions)), path('admin/', site.urls)];
