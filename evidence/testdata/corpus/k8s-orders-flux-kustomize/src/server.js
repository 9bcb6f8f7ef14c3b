const express = require("express");
const { Pool } = require("pg");

const app = express();
const db = new Pool();

app.get("/healthz", (req, res) => res.sendStatus(200));
app.get("/ready", async (req, res) => {
  await db.query("SELECT 1");
  res.sendStatus(200);
});
app.post("/orders", express.json(), async (req, res) => {
  const r = await db.query("INSERT INTO orders (total) VALUES ($1) RETURNING id", [req.body.total]);
  res.status(201).json({ id: r.rows[0].id });
});

app.listen(8080);
