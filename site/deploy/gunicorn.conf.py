"""gunicorn settings for 巡察学堂. Started by site/deploy/xuncha.service; see docs/deployment.md.

config/wsgi.py defaults DJANGO_SETTINGS_MODULE to config.settings.production; the rest of the
environment (secret key, hosts, database ...) comes from /etc/xuncha/env via systemd.
"""

wsgi_app = "config.wsgi:application"

# Loopback only: nginx is the only client. The production settings trust nginx's
# X-Forwarded-Proto header, so gunicorn must never be reachable from the network.
bind = "127.0.0.1:8001"
# Unix socket instead (then also RuntimeDirectory=xuncha in xuncha.service and the
# matching "server unix:..." line in nginx.conf):
# bind = "unix:/run/xuncha/gunicorn.sock"

workers = 3
timeout = 60

# Both logs to stdout/stderr, which systemd sends to the journal (journalctl -u xuncha).
accesslog = "-"
errorlog = "-"

proc_name = "xuncha"
