import logging

from flask import Flask

from . import routes
from .config import Config


def create_app():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    app = Flask(__name__)
    app.config.from_object(Config)
    app.register_blueprint(routes.bp)
    return app
