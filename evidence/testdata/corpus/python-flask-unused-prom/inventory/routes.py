import logging

import requests
from flask import Blueprint, current_app, jsonify

bp = Blueprint("inventory", __name__)
log = logging.getLogger(__name__)


@bp.get("/health")
def health():
    return "ok"


@bp.get("/stock/<sku>")
def stock(sku):
    if current_app.config["NEW_STOCK_VIEW"]:
        log.info("new stock view for %s", sku)
    price = requests.get(f"https://pricing.internal/prices/{sku}", timeout=2).json()
    return jsonify({"sku": sku, "price": price})
