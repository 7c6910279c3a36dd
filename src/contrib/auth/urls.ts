/**
 * The auth views' URLconf (django.contrib.auth.urls):
 * `path('accounts/', include(authUrls))` gives login/, logout/,
 * password_change/, password_change/done/, password_reset/,
 * password_reset/done/, reset/<uidb64>/<token>/ and reset/done/ under
 * Django's names ('login', 'logout', 'password_reset_confirm', ...).
 */
import { path } from '../../urls/conf';
import {
  LoginView,
  LogoutView,
  PasswordChangeDoneView,
  PasswordChangeView,
  PasswordResetCompleteView,
  PasswordResetConfirmView,
  PasswordResetDoneView,
  PasswordResetView,
} from './views';

export const urlpatterns = [
  path('login/', LoginView.asView(), { name: 'login' }),
  path('logout/', LogoutView.asView(), { name: 'logout' }),
  path('password_change/', PasswordChangeView.asView(), { name: 'password_change' }),
  path('password_change/done/', PasswordChangeDoneView.asView(), { name: 'password_change_done' }),
  path('password_reset/', PasswordResetView.asView(), { name: 'password_reset' }),
  path('password_reset/done/', PasswordResetDoneView.asView(), { name: 'password_reset_done' }),
  path('reset/<uidb64>/<token>/', PasswordResetConfirmView.asView(), { name: 'password_reset_confirm' }),
  path('reset/done/', PasswordResetCompleteView.asView(), { name: 'password_reset_complete' }),
];

export { urlpatterns as authUrls };
