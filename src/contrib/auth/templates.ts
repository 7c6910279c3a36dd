/**
 * The auth views' default templates (registration/*.html), plain but
 * complete; they ship in memory with the auth app (found with APP_DIRS),
 * and a project's own registration/*.html come first when its DIRS or an
 * app listed earlier has them, as in Django.
 */
const page = (title: string, body: string) => `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title|default:"${title}" }}</title></head>
<body>
<main>
<h1>{{ title|default:"${title}" }}</h1>
${body}
</main>
</body>
</html>
`;

export const authTemplates: Record<string, string> = {
  'registration/login.html': page(
    'Log in',
    `{% if form.errors and not form.non_field_errors %}<p class="errornote">Please correct the errors below.</p>{% endif %}
{% if form.non_field_errors %}{% for error in form.non_field_errors %}<p class="errornote">{{ error }}</p>{% endfor %}{% endif %}
{% if user.is_authenticated %}<p class="errornote">You are authenticated as {{ user.username }}, but are not authorized to access this page. Would you like to login to a different account?</p>{% endif %}
<form method="post" id="login-form">{% csrf_token %}
{{ form.as_p }}
<input type="hidden" name="next" value="{{ next }}">
<input type="submit" value="Log in">
</form>
<p><a href="{% url 'password_reset' %}">Forgotten your password or username?</a></p>`,
  ),
  'registration/logged_out.html': page('Logged out', `<p>Thanks for spending some quality time with the web site today.</p>
<p><a href="{% url 'login' %}">Log in again</a></p>`),
  'registration/password_change_form.html': page(
    'Password change',
    `{% if form.errors %}<p class="errornote">Please correct the errors below.</p>{% endif %}
<p>Please enter your old password, for security’s sake, and then enter your new password twice so we can verify you typed it in correctly.</p>
<form method="post">{% csrf_token %}
{{ form.as_p }}
<input type="submit" value="Change my password">
</form>`,
  ),
  'registration/password_change_done.html': page('Password change successful', '<p>Your password was changed.</p>'),
  'registration/password_reset_form.html': page(
    'Password reset',
    `<p>Forgotten your password? Enter your email address below, and we’ll email instructions for setting a new one.</p>
<form method="post">{% csrf_token %}
{{ form.as_p }}
<input type="submit" value="Reset my password">
</form>`,
  ),
  'registration/password_reset_done.html': page(
    'Password reset sent',
    `<p>We’ve emailed you instructions for setting your password, if an account exists with the email you entered. You should receive them shortly.</p>
<p>If you don’t receive an email, please make sure you’ve entered the address you registered with, and check your spam folder.</p>`,
  ),
  'registration/password_reset_confirm.html': page(
    'Enter new password',
    `{% if validlink %}<p>Please enter your new password twice so we can verify you typed it in correctly.</p>
<form method="post">{% csrf_token %}
{{ form.as_p }}
<input type="submit" value="Change my password">
</form>
{% else %}<p>The password reset link was invalid, possibly because it has already been used. Please request a new password reset.</p>{% endif %}`,
  ),
  'registration/password_reset_complete.html': page('Password reset complete', `<p>Your password has been set. You may go ahead and log in now.</p>
<p><a href="{{ login_url }}">Log in</a></p>`),
  'registration/password_reset_subject.txt': 'Password reset on {{ site_name }}',
  'registration/password_reset_email.html': `{% autoescape off %}
You're receiving this email because you requested a password reset for your user account at {{ site_name }}.

Please go to the following page and choose a new password:
{% block reset_link %}
{{ protocol }}://{{ domain }}{% url 'password_reset_confirm' uidb64=uid token=token %}
{% endblock %}
Your username, in case you’ve forgotten: {{ user.get_username }}

Thanks for using our site!

The {{ site_name }} team

{% endautoescape %}
`,
};
