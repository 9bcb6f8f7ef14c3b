from flask import Flask
from prometheus_client import Counter, make_wsgi_app
from werkzeug.middleware.dispatcher import DispatcherMiddleware

app = Flask(__name__)
SIGNUPS = Counter("signups_total", "Accounts created")
app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {"/metrics": make_wsgi_app()})


@app.post("/signup")
def signup():
    SIGNUPS.inc()
    return {"ok": True}
