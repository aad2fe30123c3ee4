"""/accounts/: log in and out (names ``login`` and ``logout``, as LOGIN_URL expects), and the rest in the
``accounts`` namespace."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views

account_patterns = [
    path("security/", views.security, name="security"),
    path("second-factor/", views.enrol, name="second_factor_enrol"),
    path("second-factor/verify/", views.verify, name="second_factor_verify"),
    path("second-factor/remove/", views.remove_second_factor, name="second_factor_remove"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((account_patterns, "accounts"))),
]
