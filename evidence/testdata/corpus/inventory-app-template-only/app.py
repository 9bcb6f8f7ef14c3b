from flask import Flask, jsonify

app = Flask(__name__)
ITEMS = {"sku-1": 12, "sku-2": 0}


@app.get("/items/<sku>")
def item(sku):
    if sku not in ITEMS:
        return jsonify(error="unknown sku"), 404
    return jsonify(sku=sku, count=ITEMS[sku])
