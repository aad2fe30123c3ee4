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


def post_worker_init(worker):
    """Once a worker has loaded the application, keep what it loaded out of the garbage collector's sight.

    A full collection walks every object alive: about 200,000 once Django, Wagtail and our apps are
    imported, 150-250 ms on a 2-core machine. Requests that build many objects (the dashboard of a round
    of hundreds) set one off every few requests, which then took twice as long as the others.
    gc.freeze() moves the start-up objects to a generation that is never collected; only what requests
    create is walked. The URLconf is loaded first (else the first request does it) so that the views and
    the apps they import are frozen too; garbage is collected first so none of it is kept forever.
    bench/round_dashboard.py measures with the same setting.
    """
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module, as the first request would
    # Warm search: the jieba dictionaries and the Whoosh searcher load now, not in someone's first search
    # (1.7-2.8 s). Frozen with the rest below.
    from search.apps import warm_up_search

    warm_up_search(log=worker.log)
    gc.collect()
    gc.freeze()
    worker.log.info("gc.freeze(): %d start-up objects kept out of garbage collection", gc.get_freeze_count())
