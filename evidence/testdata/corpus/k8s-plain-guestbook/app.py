from flask import Flask, request

app = Flask(__name__)
entries = []


@app.get("/")
def index():
    return {"entries": entries}


@app.post("/")
def add():
    entries.append(request.get_json()["text"])
    return {"ok": True}, 201
